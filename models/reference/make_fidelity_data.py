#!/usr/bin/env python3
"""Produce EdgeMmf's fidelity test data (see docs/fidelity-data.md).

Writes small HGRN-Bit checkpoints in the Hugging Face layout and, for each, the logits of many short
prompts computed two ways: by models/reference/hgrn_bit.py (the spec, token by token, float32) and, when
the original `mmfreelm` package can be imported (PYTHONPATH), by the code that produced the published
checkpoints. Usage:  python3 make_fidelity_data.py OUT_DIR CORPUS_TXT
"""
import json
import os
import random
import sys
import time
import traceback
import zlib

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hgrn_bit import HgrnBit, load_hf, weight_scale  # noqa: E402

CHECKPOINTS = [
    # name, vocab, hidden, layers, dtype, shards, train steps
    ("rand-h160", 512, 160, 3, torch.float32, 1, 0),
    ("rand-h96-bf16", 300, 96, 2, torch.bfloat16, 1, 0),
    ("rand-h128-sharded", 256, 128, 2, torch.float16, 2, 0),
    ("trained-h192", 512, 192, 4, torch.float32, 1, 400),
]


def fmt(values):
    return [float(f"{v:.9g}") for v in values]


def threshold_count(model):
    # Latent weights whose |W| * s_w lies within 1e-6 of 0.5 (docs/model-spec.md "Numerical fidelity" 2).
    total = 0
    for name, p in model.named_parameters():
        if name.endswith("proj.weight") or name == "lm_head.weight":
            s = weight_scale(p)
            total += int(((p.detach().float() * s).abs() - 0.5).abs().lt(1e-6).sum())
    return total


def train(model, corpus, steps, device):
    # Byte-level ids (3 + byte) on real English, so the weights move and park on the ternary threshold.
    data = torch.tensor([3 + b for b in corpus.encode("utf-8")[:2_000_000]], dtype=torch.long)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    model.train()
    gen = torch.Generator().manual_seed(0)
    loss = None
    for step in range(steps):
        starts = torch.randint(0, len(data) - 129, (32,), generator=gen)
        batch = torch.stack([data[s: s + 129] for s in starts]).to(device)
        logits = model(batch[:, :-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    return float(loss)


def reference_logits(model, ids, device):
    state = model.new_state(device)
    return [model.step(t, state).cpu().tolist() for t in ids]


def mmfreelm_logits(directory, prompts, device):
    from mmfreelm.models import HGRNBitForCausalLM  # the original implementation
    m = HGRNBitForCausalLM.from_pretrained(directory, torch_dtype=torch.float32).to(device).eval()
    out = []
    with torch.no_grad():
        for ids in prompts:
            out.append(m(input_ids=torch.tensor([ids], device=device)).logits[0].float().cpu().tolist())
    return out


def main(out_dir, corpus_path):
    device = "cuda" if torch.cuda.is_available() else "cpu"
    corpus = open(corpus_path, encoding="utf-8").read()
    report = {"torch": torch.__version__, "device": torch.cuda.get_device_name() if device == "cuda" else "cpu", "checkpoints": {}}
    for name, vocab, hidden, layers, dtype, shards, steps in CHECKPOINTS:
        torch.manual_seed(zlib.crc32(name.encode()))
        model = HgrnBit(vocab, hidden, layers).to(device)
        if "rand" in name:
            with torch.no_grad():   # random gains and bounds too, so a wrong norm or bound shows up
                for p_name, p in model.named_parameters():
                    if p_name.endswith("norm.weight"):
                        p.uniform_(0.8, 1.2)
                model.model.lower_bounds.normal_(0, 1)
        final_loss = train(model, corpus, steps, device) if steps else None
        ck_dir = os.path.join(out_dir, "checkpoints", name)
        model.save_hf(ck_dir, dtype=dtype, shards=shards)
        model = load_hf(ck_dir, device)          # what EdgeMmf reads: the stored (rounded) weights

        rng = random.Random(name)
        prompts = [[rng.randrange(3, vocab) for _ in range(rng.randint(1, 3))] for _ in range(60)]
        prompts += [[1] + [rng.randrange(3, vocab) for _ in range(rng.randint(8, 24))] for _ in range(6)]
        t0 = time.time()
        ours = [reference_logits(model, p, device) for p in prompts]
        entry = {"vocab": vocab, "hidden": hidden, "layers": layers, "dtype": str(dtype), "shards": shards,
                 "train_steps": steps, "final_train_loss": final_loss, "weights_on_threshold": threshold_count(model),
                 "reference_seconds": round(time.time() - t0, 2)}
        data = {"checkpoint": name, "prompts": [{"ids": p, "logits": [fmt(r) for r in o]} for p, o in zip(prompts, ours)]}
        try:
            theirs = mmfreelm_logits(ck_dir, prompts, device)
            for item, t in zip(data["prompts"], theirs):
                item["mmfreelm_logits"] = [fmt(r) for r in t]
            diffs = [abs(a - b) for o, t in zip(ours, theirs) for ra, rb in zip(o, t) for a, b in zip(ra, rb)]
            diffs.sort()
            entry["mmfreelm_vs_reference_abs_diff"] = {"median": diffs[len(diffs) // 2], "p99": diffs[int(len(diffs) * 0.99)], "max": diffs[-1]}
        except Exception as e:  # record why the original could not run; the reference data stands alone
            entry["mmfreelm_error"] = f"{type(e).__name__}: {e}"[:2000]
            entry["mmfreelm_traceback"] = traceback.format_exc()[-3000:]

        if steps:   # greedy continuations with the reference's top-2 gap at every step
            greedy = []
            for p in prompts[-6:]:
                state = model.new_state(device)
                for t in p[:-1]:
                    model.step(t, state)
                token, chain = p[-1], []
                for _ in range(32):
                    logits = model.step(token, state)
                    top = torch.topk(logits, 2)
                    token = int(top.indices[0])
                    chain.append({"id": token, "gap": float(top.values[0] - top.values[1])})
                greedy.append({"ids": p, "steps": chain})
            data["greedy"] = greedy
        os.makedirs(os.path.join(out_dir, "fidelity"), exist_ok=True)
        with open(os.path.join(out_dir, "fidelity", name + ".json"), "w") as f:
            json.dump(data, f, separators=(",", ":"))
        report["checkpoints"][name] = entry
        print(name, json.dumps({k: v for k, v in entry.items() if k != "mmfreelm_traceback"}), flush=True)
    with open(os.path.join(out_dir, "fidelity", "report.json"), "w") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
