"""A plain PyTorch HGRN-Bit (MatMul-free LM), written from docs/model-spec.md.

Two uses:
  * the inference reference for EdgeMmf's fidelity data: `step()` runs one token in float32 exactly as the
    spec's "One token step" (integer BitLinear form, round half away from zero for activations, round half
    to even for weights, per-tensor scale from a float64 mean), so every difference from EdgeMmf is float
    rounding, never a different formula;
  * training small models (models/train_demo.py): `forward()` runs whole sequences with straight-through
    quantization and a parallel scan for h = f*h + i.
Checkpoints are saved in the Hugging Face layout the published MMfreeLM models use (docs/model-spec.md "Tensor names").
"""
import json
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F


def derived_intermediate(hidden, hidden_ratio=4):
    # docs/model-spec.md "Derived sizes": I = 256 * ceil(floor(H * hidden_ratio * 2/3) / 256)
    return 256 * math.ceil(int(hidden * hidden_ratio * 2 / 3) / 256)


def rms_norm(x, w, eps):
    # RMSNorm(x; w, eps) = x * (1 / sqrt(mean(x^2) + eps)) * w, as the fused kernels compute it.
    var = (x * x).mean(-1, keepdim=True)
    return x * (1.0 / torch.sqrt(var + eps)) * w


def round_half_away(x):
    # tl.math.round / CUDA roundf: ties away from zero. trunc + sign is exact in float32.
    t = torch.trunc(x)
    return t + torch.sign(x) * ((x - t).abs() >= 0.5).to(x.dtype)


def activation_quant(y):
    """docs/model-spec.md "BitLinear" step 2: per-token s_x = 127 / max(max|y|, 1e-5), q = clamp(round(y*s_x), -128, 127)."""
    s = 127.0 / y.abs().amax(-1, keepdim=True).clamp(min=1e-5)
    return torch.clamp(round_half_away(y * s), -128, 127), s


def weight_scale(w):
    """docs/model-spec.md "BitLinear" step 3: s_w = 1 / max(mean|W|, 1e-5), the mean taken in float64 then rounded to float32."""
    mean = w.detach().double().abs().mean().float()
    return 1.0 / torch.clamp(mean, min=1e-5)


def ternarize(w, s_w):
    return torch.clamp(torch.round(w * s_w), -1, 1)  # torch.round: ties to even, as the reference


class BitLinear(nn.Module):
    """FusedBitLinear: RMSNorm (eps 1e-6, own gain) -> int8 activations x ternary weights -> one scale."""

    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        self.norm = nn.Module()
        self.norm.weight = nn.Parameter(torch.ones(in_features))
        nn.init.normal_(self.weight, std=0.02)

    def forward(self, x):
        # Training / sequence form: straight-through estimators (the paper's recipe).
        y = rms_norm(x, self.norm.weight, 1e-6)
        q, s_x = activation_quant(y)
        y_q = y + (q / s_x - y).detach()
        s_w = weight_scale(self.weight)
        w_q = self.weight + (ternarize(self.weight, s_w) / s_w - self.weight).detach()
        return F.linear(y_q, w_q)

    @torch.no_grad()
    def exact(self, x):
        # Inference form of docs/model-spec.md "BitLinear" step 4: integer accumulation, then acc / (s_x * s_w) in float32.
        y = rms_norm(x, self.norm.weight, 1e-6)
        q, s_x = activation_quant(y)
        s_w = weight_scale(self.weight)
        t = ternarize(self.weight, s_w)
        acc = (q.double() @ t.double().T)  # exact: |acc| < 2^53
        return (acc.float() / (s_x * s_w)).float()


class Layer(nn.Module):
    def __init__(self, h, d, inter):
        super().__init__()
        self.attn_norm = nn.Module(); self.attn_norm.weight = nn.Parameter(torch.ones(h))
        self.attn = nn.Module()
        self.attn.i_proj = BitLinear(h, d)
        self.attn.f_proj = BitLinear(h, d)
        self.attn.g_proj = BitLinear(h, d)
        self.attn.g_norm = nn.Module(); self.attn.g_norm.weight = nn.Parameter(torch.ones(d))
        self.attn.o_proj = BitLinear(d, h)
        self.mlp_norm = nn.Module(); self.mlp_norm.weight = nn.Parameter(torch.ones(h))
        self.mlp = nn.Module()
        self.mlp.gate_proj = BitLinear(h, 2 * inter)
        self.mlp.down_proj = BitLinear(inter, h)


def linear_scan(a, b):
    """h_t = a_t * h_{t-1} + b_t over dim 1 with h_{-1} = 0 (Hillis-Steele; only products of a, so stable)."""
    t = a.shape[1]
    offset = 1
    while offset < t:
        a_prev = F.pad(a[:, :-offset], (0, 0, offset, 0), value=1.0)
        b_prev = F.pad(b[:, :-offset], (0, 0, offset, 0), value=0.0)
        b = a * b_prev + b
        a = a * a_prev
        offset *= 2
    return b


class HgrnBit(nn.Module):
    def __init__(self, vocab_size, hidden_size, num_hidden_layers, hidden_ratio=4, intermediate_size=None,
                 use_lower_bound=True, rms_norm_eps=1e-6, bos_token_id=1, eos_token_id=2):
        super().__init__()
        self.config = dict(vocab_size=vocab_size, hidden_size=hidden_size, num_hidden_layers=num_hidden_layers,
                           num_heads=1, expand_ratio=1, hidden_ratio=hidden_ratio, intermediate_size=intermediate_size,
                           use_lower_bound=use_lower_bound, rms_norm_eps=rms_norm_eps, use_short_conv=False,
                           tie_word_embeddings=False, bos_token_id=bos_token_id, eos_token_id=eos_token_id,
                           attn_mode="fused_recurrent", hidden_act="swish")
        h = hidden_size
        inter = intermediate_size or derived_intermediate(h, hidden_ratio)
        self.inter = inter
        self.eps = rms_norm_eps
        self.model = nn.Module()
        self.model.embeddings = nn.Embedding(vocab_size, h)
        nn.init.normal_(self.model.embeddings.weight, std=0.02)
        if use_lower_bound:
            self.model.lower_bounds = nn.Parameter(torch.zeros(num_hidden_layers, h))
        self.model.layers = nn.ModuleList([Layer(h, h, inter) for _ in range(num_hidden_layers)])
        self.model.norm = nn.Module(); self.model.norm.weight = nn.Parameter(torch.ones(h))
        self.lm_head = BitLinear(h, vocab_size)

    def lower_bounds(self):
        # docs/model-spec.md "Forget-gate lower bounds": P = softmax over layers, C = cumsum, lb[N] = C[N] - P[0]
        if not self.config["use_lower_bound"]:
            return None
        p = self.model.lower_bounds.softmax(0)
        return p.cumsum(0) - p[0]

    def forward(self, ids):
        """Whole sequences [B, T] -> logits [B, T, V], straight-through quantization (training)."""
        x = self.model.embeddings(ids)
        lb = self.lower_bounds()
        for n, layer in enumerate(self.model.layers):
            u = rms_norm(x, layer.attn_norm.weight, self.eps)
            i = layer.attn.i_proj(u)
            f = torch.sigmoid(layer.attn.f_proj(u))
            g = layer.attn.g_proj(u)
            if lb is not None and n > 0:
                f = lb[n] + (1 - lb[n]) * f
            i = F.silu(i) * (1 - f)
            hseq = linear_scan(f, i)
            o = rms_norm(g, layer.attn.g_norm.weight, self.eps) * F.silu(hseq)
            x = x + layer.attn.o_proj(o)
            v = rms_norm(x, layer.mlp_norm.weight, self.eps)
            p = layer.mlp.gate_proj(v)
            gate, value = p.chunk(2, -1)
            x = x + layer.mlp.down_proj(F.silu(gate) * value)
        return self.lm_head(rms_norm(x, self.model.norm.weight, self.eps))

    @torch.no_grad()
    def step(self, token, state):
        """One token in float32, exactly docs/model-spec.md "One token step"; state: list of [D] tensors (zeros at start)."""
        x = self.model.embeddings.weight[token].float()
        lb = self.lower_bounds()
        for n, layer in enumerate(self.model.layers):
            r = x
            u = rms_norm(x, layer.attn_norm.weight, self.eps)
            i = layer.attn.i_proj.exact(u)
            f = torch.sigmoid(layer.attn.f_proj.exact(u))
            g = layer.attn.g_proj.exact(u)
            if lb is not None and n > 0:
                f = lb[n] + (1 - lb[n]) * f
            i = F.silu(i) * (1 - f)
            state[n] = f * state[n] + i
            o = rms_norm(g, layer.attn.g_norm.weight, self.eps) * F.silu(state[n])
            x = r + layer.attn.o_proj.exact(o)
            v = rms_norm(x, layer.mlp_norm.weight, self.eps)
            p = layer.mlp.gate_proj.exact(v)
            x = x + layer.mlp.down_proj.exact(F.silu(p[: self.inter]) * p[self.inter:])
        return self.lm_head.exact(rms_norm(x, self.model.norm.weight, self.eps))

    def new_state(self, device):
        return [torch.zeros(self.config["hidden_size"], device=device) for _ in self.model.layers]

    def save_hf(self, directory, dtype=torch.float32, shards=1):
        """config.json + model.safetensors (or shards + index), named as the published checkpoints."""
        from safetensors.torch import save_file
        os.makedirs(directory, exist_ok=True)
        tensors = {k: v.detach().to(dtype).contiguous().cpu() for k, v in self.state_dict().items()}
        cfg = dict(model_type="hgrn_bit", architectures=["HGRNBitForCausalLM"], **self.config)
        with open(os.path.join(directory, "config.json"), "w") as f:
            json.dump(cfg, f, indent=2)
        with open(os.path.join(directory, "generation_config.json"), "w") as f:
            json.dump({"bos_token_id": self.config["bos_token_id"], "eos_token_id": self.config["eos_token_id"]}, f, indent=2)
        if shards == 1:
            save_file(tensors, os.path.join(directory, "model.safetensors"), metadata={"format": "pt"})
            return
        names = sorted(tensors)
        weight_map = {}
        for s in range(shards):
            part = names[s::shards]
            file = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
            save_file({k: tensors[k] for k in part}, os.path.join(directory, file), metadata={"format": "pt"})
            weight_map.update({k: file for k in part})
        with open(os.path.join(directory, "model.safetensors.index.json"), "w") as f:
            json.dump({"metadata": {}, "weight_map": weight_map}, f, indent=2)


def load_hf(directory, device="cpu"):
    """A model from a Hugging Face directory written by save_hf (weights upcast to float32, as EdgeMmf reads them)."""
    from safetensors.torch import load_file
    with open(os.path.join(directory, "config.json")) as f:
        cfg = json.load(f)
    model = HgrnBit(cfg["vocab_size"], cfg["hidden_size"], cfg["num_hidden_layers"], cfg.get("hidden_ratio", 4),
                    cfg.get("intermediate_size"), cfg.get("use_lower_bound", True), cfg.get("rms_norm_eps", 1e-6),
                    cfg.get("bos_token_id", 1), cfg.get("eos_token_id", 2))
    index = os.path.join(directory, "model.safetensors.index.json")
    if os.path.exists(index):
        with open(index) as f:
            files = sorted(set(json.load(f)["weight_map"].values()))
    else:
        files = ["model.safetensors"]
    state = {}
    for file in files:
        state.update({k: v.float() for k, v in load_file(os.path.join(directory, file)).items()})
    model.load_state_dict(state)
    return model.to(device).eval()
