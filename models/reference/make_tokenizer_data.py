#!/usr/bin/env python3
"""Train the demo SentencePiece tokenizer and record reference ids for EdgeMmf's tokenizer tests.

For each tokenizer (the demo one trained here on the Brown corpus, and any extra `tokenizer.model`
given, e.g. Llama 2's), encodes the strings of tokenizer_corpus.py with Hugging Face `tokenizers`
(add_special_tokens=False) and with `sentencepiece`, writing expected.jsonl lines
{"text", "ids" (HF), "ids_sp" (sentencepiece)}.
Usage: python3 make_tokenizer_data.py OUT_DIR CORPUS_TXT [NAME=path/to/tokenizer.model ...]
"""
import json
import os
import shutil
import sys

import sentencepiece as spm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tokenizer_corpus  # noqa: E402


def train_demo(out_dir, corpus_path, vocab_size=4096):
    os.makedirs(out_dir, exist_ok=True)
    prefix = os.path.join(out_dir, "tokenizer")
    # Llama-style SentencePiece BPE: byte fallback, digits split, identity normalization, dummy prefix.
    spm.SentencePieceTrainer.train(
        input=corpus_path, model_prefix=prefix, vocab_size=vocab_size, model_type="bpe", byte_fallback=True,
        split_digits=True, normalization_rule_name="identity", remove_extra_whitespaces=False,
        add_dummy_prefix=True, allow_whitespace_only_pieces=True, character_coverage=0.9995,
        unk_id=0, bos_id=1, eos_id=2, pad_id=-1, max_sentence_length=16384, num_threads=16)
    os.remove(prefix + ".vocab")
    return prefix + ".model"


def spm_vocab_and_merges(model_path):
    """Vocabulary and BPE merges of a SentencePiece BPE model, as transformers' LlamaConverter derives them:
    every piece that is the concatenation of two pieces is a merge, ordered by the merged piece's score."""
    sp = spm.SentencePieceProcessor(model_file=model_path)
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    merges = []
    for piece, pid in vocab.items():
        for k in range(1, len(piece)):
            left, right = piece[:k], piece[k:]
            if left in vocab and right in vocab:
                merges.append((vocab[left], vocab[right], pid, left, right))
    merges.sort(key=lambda m: (-sp.get_score(m[2]), m[0], m[1]))
    return vocab, [(m[3], m[4]) for m in merges]


def hf_files(model_path, out_dir):
    """tokenizer.json + configs as transformers' (legacy) Llama converter lays them out, built with `tokenizers`."""
    from tokenizers import AddedToken, Tokenizer, decoders, models, normalizers, processors
    vocab, merges = spm_vocab_and_merges(model_path)
    tok = Tokenizer(models.BPE(vocab=vocab, merges=merges, unk_token="<unk>", fuse_unk=True, byte_fallback=True))
    tok.add_special_tokens([AddedToken(t, normalized=False, special=True) for t in ("<unk>", "<s>", "</s>")])
    tok.normalizer = normalizers.Sequence([normalizers.Prepend("\u2581"), normalizers.Replace(" ", "\u2581")])
    tok.decoder = decoders.Sequence([decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse(), decoders.Strip(" ", 1, 0)])
    tok.post_processor = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s> $B", special_tokens=[("<s>", 1)])
    tok.save(os.path.join(out_dir, "tokenizer.json"))
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w") as f:
        json.dump({"add_bos_token": True, "add_eos_token": False, "legacy": True, "bos_token": "<s>", "eos_token": "</s>",
                   "unk_token": "<unk>", "model_max_length": 2048, "tokenizer_class": "LlamaTokenizer"}, f, indent=2)
    with open(os.path.join(out_dir, "special_tokens_map.json"), "w") as f:
        json.dump({"bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>"}, f, indent=2)
    return tok


def expected(name, model_path, out_dir, texts):
    d = os.path.join(out_dir, name)
    os.makedirs(d, exist_ok=True)
    if os.path.abspath(model_path) != os.path.abspath(os.path.join(d, "tokenizer.model")):
        shutil.copy(model_path, os.path.join(d, "tokenizer.model"))
    tok = hf_files(os.path.join(d, "tokenizer.model"), d)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(d, "tokenizer.model"))
    agree = 0
    with open(os.path.join(d, "expected.jsonl"), "w", encoding="utf-8") as f:
        for text in texts:
            ids = tok.encode(text, add_special_tokens=False).ids
            ids_sp = sp.encode(text)
            agree += ids == ids_sp
            f.write(json.dumps({"text": text, "ids": ids, "ids_sp": ids_sp, "decoded": tok.decode(ids)}, ensure_ascii=False) + "\n")
    print(f"{name}: {len(texts)} strings, HF and sentencepiece agree on {agree}", flush=True)


def main(out_dir, corpus_path, extra):
    lines = open(corpus_path, encoding="utf-8").read().splitlines()
    texts = tokenizer_corpus.build(lines[::37])
    demo_dir = os.path.join(out_dir, "demo")
    model = train_demo(demo_dir, corpus_path)
    expected("demo", model, out_dir, texts)
    for item in extra:
        name, path = item.split("=", 1)
        expected(name, path, out_dir, texts)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
