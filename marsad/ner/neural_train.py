"""Training the neural tagger (`marsad.ner.neural`) with PyTorch: the `train` extra only.

Three steps, all on CPU:
1. fastText skip-gram vectors (gensim) over every line of the ANT corpus, and the runtime's
   hashed subword table fitted to them, so that a word's mean bucket row is its fastText vector
   (`fasttext_buckets`; skipped with `fasttext_epochs=0`).
2. A word-level language model over a sample of the corpus, started from that table: two causal
   dilated CNNs, one reading left to right and one right to left, each trained to predict the
   word cluster (`clusters` map, 1,024 classes plus one for a rare word) of the next / previous
   word. Cheap to train and to run, and its states carry the context a name stands in.
3. The tagger on ANERcorp: the language model's states, the subword vector, cluster and shape
   embeddings -> a dilated CNN -> a CRF; with `finetune` > 0 the language model and the subword
   table are fine-tuned with it (their learning rate scaled by `finetune`), otherwise frozen.
4. Self-training (`self_sentences`): the CRF voting with those heads tags a sample of corpus
   sentences, and the heads are fit again on ANERcorp plus the sentences it found names in.
The arrays are exported in the names `neural.NeuralNet` reads; torch is never needed to tag.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import shutil
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from marsad.ner.build_clusters import corpus_texts
from marsad.ner.clusters import read_clusters
from marsad.ner.conll import evaluate
from marsad.ner.neural import GAP, TAG_INDEX, TAGS, NeuralTagger, shape, subword_ids, word_key
from marsad.ner.orthography import fold, tokenize
from marsad.ner.registry import CRF_MODEL
from marsad.ner.selftrain import corpus_sentences, labelled_by
from marsad.ner.train import load_labelled, split_dev, train_model, with_names_swapped

Sentence = list[tuple[str, str]]
MAX_GRAMS = 48
DECODING = ("propagate_window", "widen_titles", "name_particles")  # the model JSON's `decoding`

DEFAULTS: dict[str, Any] = {
    "buckets": 2**17,
    "emb_dim": 64,
    "lm_dim": 96,
    "lm_dilations": [1, 2, 4],
    # the language model's target: the cluster (of the 1,024 in the `clusters` map) of the
    # next / previous word; 1,024 made the net alone +0.5 over 256 on whole-document folds
    "lm_classes": 1024,
    "lm_tokens": 3_000_000,
    "lm_steps": 2000,
    "lm_seconds": 600,  # the step count or this budget, whichever ends first
    "lm_every": 3,  # every 3rd corpus file
    "lm_batch": 64,
    "lm_len": 64,
    "tag_dim": 96,
    "tag_dilations": [1, 2, 1],
    "side_dims": [8, 16, 16],
    "shape_dim": 8,
    "epochs": 20,
    "batch": 32,
    "lr": 2e-3,
    "dropout": 0.3,
    # tagger heads over the one (frozen) language model, their scores averaged at tagging time
    "seeds": [0, 1, 2],
    # > 0: the language model and subword vectors are fine-tuned with the tagger (their learning
    # rate scaled by this; one seed only); 0 keeps them frozen. Frozen with three heads wins on
    # whole-document folds (README, "The neural tagger"): fine-tuning let the subword table learn
    # the training names, which does not carry over to documents it never saw
    "finetune": 0,
    # > 0: fastText skip-gram vectors (gensim) over the whole corpus for this many epochs start
    # the subword vectors (fitted to the runtime's hashing); 0 starts them at random
    "fasttext_epochs": 5,
    "fasttext_every": 1,  # every corpus file
    # > 0: the heads also train on this many copies of the sentences that hold names, each name
    # swapped for another of its type from the same training sentences (mention replacement)
    "mention_copies": 0,
    # > 0: self-training. The CRF voting with the heads fit first (`self_teacher`, the cascade's
    # settings) tags this many ANT corpus sentences (a seeded sample, `self_seed`); those it finds
    # a name in join the training sentences as if gold and the heads are fit again on both
    "self_sentences": 4000,
    "self_seed": 0,
    "self_teacher": {"crf_weight": 2.0, "crf_sure": 0.7},
}


class Vocab:
    """Word keys -> padded subword bucket rows (the pad bucket is `buckets`, a zero row)."""

    def __init__(self, buckets: int) -> None:
        self.buckets = buckets
        self.index: dict[str, int] = {}
        self.rows: list[list[int]] = []

    def ids(self, tokens: Sequence[str]) -> list[int]:
        out = []
        for token in tokens:
            key = word_key(token)
            i = self.index.get(key)
            if i is None:
                i = self.index[key] = len(self.rows)
                self.rows.append(subword_ids(key, self.buckets)[:MAX_GRAMS])
            out.append(i)
        return out

    def tensor(self) -> torch.Tensor:
        return self.tensor_of(range(len(self.rows)))

    def tensor_of(self, ids) -> torch.Tensor:
        """The padded bucket rows of these word ids, in order."""
        rows = [self.rows[i] for i in ids]
        width = max(len(r) for r in rows)
        table = np.full((len(rows), width), self.buckets, dtype=np.int64)
        for i, r in enumerate(rows):
            table[i, : len(r)] = r
        return torch.from_numpy(table)


class SubwordEmbedding(nn.Module):
    def __init__(self, buckets: int, dim: int, table: torch.Tensor) -> None:
        super().__init__()
        self.emb = nn.Embedding(buckets + 1, dim, padding_idx=buckets, sparse=True)
        nn.init.normal_(self.emb.weight, std=0.1)
        with torch.no_grad():
            self.emb.weight[buckets].zero_()
        self.table = table
        self.buckets = buckets

    def forward(self, words: torch.Tensor) -> torch.Tensor:
        """Mean bucket vector of each word id in `words` (any shape)."""
        uniq, inverse = torch.unique(words, return_inverse=True)
        grams = self.table[uniq]
        count = (grams != self.buckets).sum(1, keepdim=True).clamp(min=1)
        vec = self.emb(grams).sum(1) / count
        return vec[inverse]


class Direction(nn.Module):
    """Residual causal convolutions (kernel 2) over one reading direction."""

    def __init__(self, inp: int, dim: int, dilations: Sequence[int], reverse: bool) -> None:
        super().__init__()
        self.inp = nn.Linear(inp, dim)
        self.past = nn.ModuleList(nn.Linear(dim, dim, bias=False) for _ in dilations)
        self.cur = nn.ModuleList(nn.Linear(dim, dim) for _ in dilations)
        self.dilations = list(dilations)
        self.reverse = reverse

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        h = torch.relu(self.inp(x)) * mask
        for past, cur, d in zip(self.past, self.cur, self.dilations, strict=True):
            shifted = torch.zeros_like(h)
            if self.reverse:
                shifted[:, :-d] = h[:, d:]
            else:
                shifted[:, d:] = h[:, :-d]
            h = (h + torch.relu(past(shifted) + cur(h))) * mask
        return h


class LanguageModel(nn.Module):
    def __init__(self, cfg: dict, table: torch.Tensor, n_classes: int) -> None:
        super().__init__()
        self.embed = SubwordEmbedding(cfg["buckets"], cfg["emb_dim"], table)
        self.fwd = Direction(cfg["emb_dim"], cfg["lm_dim"], cfg["lm_dilations"], reverse=False)
        self.bwd = Direction(cfg["emb_dim"], cfg["lm_dim"], cfg["lm_dilations"], reverse=True)
        self.head_f = nn.Linear(cfg["lm_dim"], n_classes)
        self.head_b = nn.Linear(cfg["lm_dim"], n_classes)

    def states(self, words: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
        x = self.embed(words) * mask
        return x, self.fwd(x, mask), self.bwd(x, mask)


def _pad(seqs: Sequence[Sequence[int]], value: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(s) for s in seqs)
    out = np.full((len(seqs), width), value, dtype=np.int64)
    mask = np.zeros((len(seqs), width, 1), dtype=np.float32)
    for i, s in enumerate(seqs):
        out[i, : len(s)] = s
        mask[i, : len(s)] = 1.0
    return torch.from_numpy(out), torch.from_numpy(mask)


def lm_segments(lines: Sequence[list[str]], limit: int, length: int) -> list[list[str]]:
    """Corpus lines cut into segments of at most `length` tokens, up to `limit` tokens in all,
    taken evenly across the corpus (every k-th line) so all sources and years are in."""
    total = sum(len(line) for line in lines)
    step = max(1, total // max(1, limit))
    out, seen = [], 0
    for line in lines[::step]:
        for i in range(0, len(line), length):
            out.append(line[i : i + length])
            seen += len(out[-1])
        if seen >= limit:
            break
    return out


def train_lm(
    segments: list[list[int]], targets: list[list[int]], lm: LanguageModel, cfg: dict, log=print
) -> dict:
    """Fit both directions for `lm_steps` batches; targets are class ids per token."""
    n_classes = lm.head_f.out_features
    dense = [p for n, p in lm.named_parameters() if not n.startswith("embed.")]
    opt = torch.optim.Adam(dense, lr=2e-3)
    sparse = torch.optim.SparseAdam(list(lm.embed.parameters()), lr=2e-3)
    rng = random.Random(0)
    started = time.perf_counter()
    losses = []
    for step in range(cfg["lm_steps"]):
        if time.perf_counter() - started > cfg["lm_seconds"]:
            break
        batch = rng.sample(range(len(segments)), cfg["lm_batch"])
        words, mask = _pad([segments[i] for i in batch])
        tgt, _ = _pad([targets[i] for i in batch], value=-100)
        _, f, b = lm.states(words, mask)
        valid = mask.squeeze(-1) > 0
        # forward state at t predicts t+1; backward state at t predicts t-1
        tf = torch.full_like(tgt, -100)
        tf[:, :-1] = torch.where(valid[:, 1:], tgt[:, 1:], -100)
        tb = torch.full_like(tgt, -100)
        tb[:, 1:] = torch.where(valid[:, :-1], tgt[:, :-1], -100)
        loss = nn.functional.cross_entropy(
            lm.head_f(f).reshape(-1, n_classes), tf.reshape(-1), ignore_index=-100
        ) + nn.functional.cross_entropy(
            lm.head_b(b).reshape(-1, n_classes), tb.reshape(-1), ignore_index=-100
        )
        opt.zero_grad()
        sparse.zero_grad()
        loss.backward()
        opt.step()
        sparse.step()
        losses.append(float(loss.detach()) / 2)
        if step % 50 == 0 or step == cfg["lm_steps"] - 1:
            log(
                f"lm step {step} loss {np.mean(losses[-100:]):.3f} {time.perf_counter() - started:.0f}s"
            )
    return {
        "lm_loss": round(float(np.mean(losses[-100:])), 3),
        "lm_steps_done": len(losses),
        "lm_seconds": round(time.perf_counter() - started),
    }


class CRF(nn.Module):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.trans = nn.Parameter(torch.zeros(n, n))
        self.start = nn.Parameter(torch.zeros(n))
        self.end = nn.Parameter(torch.zeros(n))

    def nll(self, em: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood; em (B, T, n), tags (B, T), mask (B, T) bool."""
        B, T, _ = em.shape
        ar = torch.arange(B)
        score = self.start[tags[:, 0]] + em[ar, 0, tags[:, 0]]
        alpha = self.start + em[:, 0]
        for t in range(1, T):
            m = mask[:, t]
            step = self.trans[tags[:, t - 1], tags[:, t]] + em[ar, t, tags[:, t]]
            score = score + step * m
            nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None] + em[:, t, None], dim=1)
            alpha = torch.where(m[:, None], nxt, alpha)
        last = tags[ar, mask.sum(1) - 1]
        score = score + self.end[last]
        log_z = torch.logsumexp(alpha + self.end, dim=1)
        return (log_z - score).mean()


class TaggerNet(nn.Module):
    def __init__(self, cfg: dict, n_in: int) -> None:
        super().__init__()
        dims = cfg["side_dims"]
        self.cl = nn.ModuleList(
            nn.Embedding(k + 1, d) for k, d in zip((64, 256, 1024), dims, strict=True)
        )
        self.shape = nn.Embedding(5, cfg["shape_dim"])
        width = n_in + sum(dims) + cfg["shape_dim"]
        self.inp = nn.Linear(width, cfg["tag_dim"])
        h = cfg["tag_dim"]
        self.convs = nn.ModuleList(
            nn.Conv1d(h, h, 3, padding=d, dilation=d) for d in cfg["tag_dilations"]
        )
        self.out = nn.Linear(h, len(TAGS))
        self.drop = nn.Dropout(cfg["dropout"])
        self.crf = CRF(len(TAGS))

    def emissions(
        self, base: torch.Tensor, cl: torch.Tensor, shp: torch.Tensor, mask: torch.Tensor
    ) -> torch.Tensor:
        side = [emb(cl[..., k]) for k, emb in enumerate(self.cl)] + [self.shape(shp)]
        x = self.drop(torch.cat([base, *side], dim=-1))
        h = torch.relu(self.inp(x)) * mask
        for conv in self.convs:
            y = conv(h.transpose(1, 2)).transpose(1, 2)
            h = (h + self.drop(torch.relu(y))) * mask
        return self.out(h)


def encode_sentences(
    sentences: Sequence[Sequence[str]], lm: LanguageModel, vocab: Vocab, clusters: dict
) -> list[dict]:
    """Frozen features of each sentence: [subword vector, fwd, bwd], cluster ids, shapes."""
    out = []
    lm.eval()
    with torch.no_grad():
        for i in range(0, len(sentences), 256):
            chunk = sentences[i : i + 256]
            words, mask = _pad([vocab.ids(s) for s in chunk])
            x, f, b = lm.states(words, mask)
            base = torch.cat([x, f, b], dim=-1)
            for j, s in enumerate(chunk):
                cl = [clusters.get(fold(t), (0, 0, 0)) for t in s]
                out.append(
                    {
                        "base": base[j, : len(s)].clone(),
                        "cl": torch.tensor(cl, dtype=torch.long).reshape(len(s), 3),
                        "shape": torch.tensor([shape(t) for t in s], dtype=torch.long),
                    }
                )
    return out


def _batch(items: list[dict], tags: list[list[int]] | None = None) -> tuple:
    n = max(len(it["shape"]) for it in items)
    B = len(items)
    base = torch.zeros(B, n, items[0]["base"].shape[1])
    cl = torch.zeros(B, n, 3, dtype=torch.long)
    shp = torch.zeros(B, n, dtype=torch.long)
    mask = torch.zeros(B, n, dtype=torch.bool)
    tg = torch.zeros(B, n, dtype=torch.long)
    for i, it in enumerate(items):
        k = len(it["shape"])
        base[i, :k], cl[i, :k], shp[i, :k], mask[i, :k] = it["base"], it["cl"], it["shape"], True
        if tags is not None:
            tg[i, :k] = torch.tensor(tags[i])
    return base, cl, shp, mask, tg


def _length_batches(lengths: list[int], size: int, rng: random.Random) -> list[list[int]]:
    """Sentence indices in batches of similar length (less padding, fewer CRF steps), the
    batches in random order."""
    order = sorted(range(len(lengths)), key=lambda j: (lengths[j], rng.random()))
    batches = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(batches)
    return batches


def train_tagger(
    feats: list[dict], tags: list[list[int]], cfg: dict, seed: int, log=print
) -> TaggerNet:
    torch.manual_seed(seed)
    rng = random.Random(seed)
    net = TaggerNet(cfg, feats[0]["base"].shape[1])
    opt = torch.optim.Adam(net.parameters(), lr=cfg["lr"])
    epochs = cfg["epochs"]
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 1 - e / (epochs + 1))
    for epoch in range(epochs):
        net.train()
        total = 0.0
        for idx in _length_batches([len(t) for t in tags], cfg["batch"], rng):
            base, cl, shp, mask, tg = _batch([feats[j] for j in idx], [tags[j] for j in idx])
            em = net.emissions(base, cl, shp, mask[..., None].float())
            loss = net.crf.nll(em, tg, mask)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += float(loss.detach()) * len(idx)
        sched.step()
        if epoch % 10 == 0 or epoch == epochs - 1:
            log(f"seed {seed} epoch {epoch} loss {total / len(feats):.3f}")
    net.eval()
    return net


class EndToEnd(nn.Module):
    """The language model and the tagger trained as one network (`finetune` > 0)."""

    def __init__(self, lm: LanguageModel, tagger: TaggerNet) -> None:
        super().__init__()
        self.lm = lm
        self.tagger = tagger

    def emissions(self, words, cl, shp, mask) -> torch.Tensor:
        x, f, b = self.lm.states(words, mask)
        return self.tagger.emissions(torch.cat([x, f, b], dim=-1), cl, shp, mask)


def _side_batch(items: list[list[tuple]], width: int) -> torch.Tensor:
    out = np.zeros((len(items), width, len(items[0][0])), dtype=np.int64)
    for i, rows in enumerate(items):
        out[i, : len(rows)] = rows
    return torch.from_numpy(out)


def train_end_to_end(
    sentences: list[list[str]],
    tags: list[list[int]],
    lm: LanguageModel,
    vocab: Vocab,
    side: dict,
    cfg: dict,
    seed: int,
    log=print,
) -> tuple[LanguageModel, TaggerNet]:
    """Fit a tagger and fine-tune a copy of the language model and subword vectors with it."""
    torch.manual_seed(seed)
    rng = random.Random(seed)
    ids = [vocab.ids(s) for s in sentences]
    lm = copy.deepcopy(lm)
    lm.embed.table = vocab.tensor()
    n_in = lm.embed.emb.embedding_dim + 2 * lm.fwd.inp.out_features
    net = TaggerNet(cfg, n_in)
    model = EndToEnd(lm, net)
    rows = [[(*side.get(fold(t), (0, 0, 0)), shape(t)) for t in s] for s in sentences]
    scale = float(cfg["finetune"])
    dense_lm = [p for n, p in lm.named_parameters() if not n.startswith("embed.")]
    opt = torch.optim.Adam(
        [
            {"params": list(net.parameters()), "lr": cfg["lr"]},
            {"params": dense_lm, "lr": cfg["lr"] * scale},
        ]
    )
    sparse = torch.optim.SparseAdam(list(lm.embed.parameters()), lr=cfg["lr"] * scale)
    epochs = cfg["epochs"]
    decay = lambda e: 1 - e / (epochs + 1)  # noqa: E731
    scheds = [
        torch.optim.lr_scheduler.LambdaLR(opt, decay),
        torch.optim.lr_scheduler.LambdaLR(sparse, decay),
    ]
    started = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for idx in _length_batches([len(i) for i in ids], cfg["batch"], rng):
            words, mask = _pad([ids[j] for j in idx])
            tg, _ = _pad([tags[j] for j in idx])
            sr = _side_batch([rows[j] for j in idx], words.shape[1])
            em = model.emissions(words, sr[..., :3], sr[..., 3], mask)
            loss = net.crf.nll(em, tg, mask.squeeze(-1) > 0)
            opt.zero_grad()
            sparse.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(
                [
                    p
                    for p in model.parameters()
                    if not p.is_sparse and p.grad is not None and not p.grad.is_sparse
                ],
                5.0,
            )
            opt.step()
            sparse.step()
            total += float(loss.detach()) * len(idx)
        for s in scheds:
            s.step()
        log(
            f"seed {seed} epoch {epoch} loss {total / len(ids):.3f}"
            f" {time.perf_counter() - started:.0f}s"
        )
    model.eval()
    return lm, net


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().numpy().astype(np.float32)


def export_arrays(lm: LanguageModel, nets: list[TaggerNet]) -> dict[str, np.ndarray]:
    """The weights in the names and layouts `neural.NeuralNet` reads (x @ w convention)."""
    a: dict[str, np.ndarray] = {"emb": _np(lm.embed.emb.weight[:-1]).astype(np.float16)}
    for name, d in (("lm.fwd", lm.fwd), ("lm.bwd", lm.bwd)):
        a[f"{name}.in.w"], a[f"{name}.in.b"] = _np(d.inp.weight).T, _np(d.inp.bias)
        for n, (past, cur) in enumerate(zip(d.past, d.cur, strict=True)):
            a[f"{name}.conv{n}.w"] = np.stack([_np(past.weight).T, _np(cur.weight).T])
            a[f"{name}.conv{n}.b"] = _np(cur.bias)
    for s, net in enumerate(nets):
        p = f"tag{s}"
        for k, emb in enumerate(net.cl):
            a[f"{p}.cl{k}"] = _np(emb.weight)
        a[f"{p}.shape"] = _np(net.shape.weight)
        a[f"{p}.in.w"], a[f"{p}.in.b"] = _np(net.inp.weight).T, _np(net.inp.bias)
        for n, conv in enumerate(net.convs):
            w = _np(conv.weight)  # (out, in, 3)
            a[f"{p}.conv{n}.w"] = np.stack([w[:, :, k].T for k in range(3)])
            a[f"{p}.conv{n}.b"] = _np(conv.bias)
        a[f"{p}.out.w"], a[f"{p}.out.b"] = _np(net.out.weight).T, _np(net.out.bias)
    for part in ("trans", "start", "end"):
        a[f"crf.{part}"] = np.mean([_np(getattr(n.crf, part)) for n in nets], axis=0)
    return a


def write_model(
    out_dir: Path, name: str, arrays: dict, cfg: dict, clusters_path: Path, extra: dict
) -> Path:
    """`<name>.npz` and `<name>.json` (version named by the arrays' hash) in `out_dir`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = out_dir / f"{name}.npz"
    np.savez(model_path, **arrays)
    digest = hashlib.sha256(model_path.read_bytes()).hexdigest()[:8]
    if clusters_path.resolve() != (out_dir / clusters_path.name).resolve():
        shutil.copyfile(clusters_path, out_dir / clusters_path.name)
    meta = {
        "version": f"cnn-{datetime.now(UTC):%Y.%m}-{digest}",
        "kind": "neural",
        "model_file": model_path.name,
        "clusters_file": clusters_path.name,
        "net": {
            "buckets": cfg["buckets"],
            "lm_dilations": cfg["lm_dilations"],
            "tag_dilations": cfg["tag_dilations"],
            "n_seeds": len(cfg["seeds"]),
            "gap": GAP,
        },
        "decoding": {
            "propagate_window": cfg.get("propagate_window", 20),
            "widen_titles": cfg.get("widen_titles", True),
            "name_particles": cfg.get("name_particles", True),
        },
        "training": {k: v for k, v in cfg.items() if k not in DECODING},
        "model_bytes": model_path.stat().st_size,
        **extra,
    }
    path = out_dir / f"{name}.json"
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), "utf-8")
    return path


def score(model_json: Path, sentences: list[Sentence]) -> dict:
    tagger = NeuralTagger.load(model_json)
    pred = tagger.tag_labels([[t for t, _ in s] for s in sentences])
    return evaluate([[t for _, t in s] for s in sentences], pred)


def cluster_targets(clusters_path: Path, classes: int) -> dict[str, int]:
    """folded word -> its cluster id at `classes` granularity (the language model's target)."""
    level = (64, 256, 1024).index(classes)
    return {w: int(ids[level]) for w, ids in read_clusters(clusters_path).items()}


def side_clusters(clusters_path: Path) -> dict[str, tuple[int, int, int]]:
    return {w: tuple(int(i) + 1 for i in ids) for w, ids in read_clusters(clusters_path).items()}


def tag_ids(sentences: list[Sentence]) -> list[list[int]]:
    return [[TAG_INDEX.get(t, 0) for _, t in s] for s in sentences]


def fasttext_buckets(corpus_dir: Path, cfg: dict, log=print) -> np.ndarray:
    """Subword bucket rows (buckets x emb_dim) whose mean over a word's grams reproduces the
    word's fastText skip-gram vector, learned by gensim over every corpus line (folded word
    keys), then fitted by least squares to `subword_ids`' hashing so the runtime is unchanged.
    Distributional vectors from millions of words of news are what lets an unseen name look
    like the names around it (fold 0 of the CV: neural tagger 69.5 -> 72.0 micro)."""
    from gensim.models import FastText  # the train extra only

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="marsad-ft-") as tmp:
        lines = Path(tmp) / "corpus.txt"
        with lines.open("w", encoding="utf-8") as handle:
            for text in corpus_texts(Path(corpus_dir), cfg["fasttext_every"]):
                for line in text.splitlines():
                    tokens = tokenize(line)
                    if tokens:
                        handle.write(" ".join(word_key(t) for t in tokens) + "\n")
        model = FastText(
            corpus_file=str(lines),
            vector_size=cfg["emb_dim"],
            window=5,
            min_count=3,
            min_n=3,
            max_n=5,
            sg=1,
            epochs=cfg["fasttext_epochs"],
            workers=2,
            bucket=500_000,
            seed=0,
        )
    words = list(model.wv.index_to_key)
    vectors = torch.from_numpy(np.stack([model.wv[w] for w in words]).astype(np.float32))
    vectors = vectors / vectors.norm(dim=1, keepdim=True).clamp(min=1e-6)
    log(f"fasttext: {len(words):,} words, {time.perf_counter() - started:.0f}s")
    vocab = Vocab(cfg["buckets"])
    table = vocab.tensor_of([vocab.ids([w])[0] for w in words])
    emb = SubwordEmbedding(cfg["buckets"], cfg["emb_dim"], table)
    opt = torch.optim.SparseAdam(list(emb.parameters()), lr=0.02)
    generator = torch.Generator().manual_seed(0)
    for epoch in range(8):
        order = torch.randperm(len(words), generator=generator)
        total = 0.0
        for i in range(0, len(words), 2048):
            idx = order[i : i + 2048]
            loss = ((emb(idx) - vectors[idx]) ** 2).sum(1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss.detach()) * len(idx)
        log(f"fasttext fit epoch {epoch} loss {total / len(words):.4f}")
    return emb.emb.weight.detach().numpy()[: cfg["buckets"]].copy()


def pretrain_lm(
    corpus_dir: Path, clusters_path: Path, cfg: dict, log=print, init: np.ndarray | None = None
) -> tuple:
    """(language model, vocab, facts) trained on a sample of the corpus; `init` (buckets x
    emb_dim) starts the subword vectors from fitted word vectors instead of random ones."""
    started = time.perf_counter()
    lines = [
        tokenize(line)
        for text in corpus_texts(Path(corpus_dir), cfg["lm_every"])
        for line in text.splitlines()
    ]
    segments = lm_segments([x for x in lines if x], cfg["lm_tokens"], cfg["lm_len"])
    del lines
    vocab = Vocab(cfg["buckets"])
    ids = [vocab.ids(s) for s in segments]
    n = cfg["lm_classes"]
    targets_map = cluster_targets(clusters_path, n)
    targets = [[targets_map.get(fold(t), n) for t in s] for s in segments]
    log(
        f"lm data: {sum(map(len, ids)):,} tokens, {len(vocab.rows):,} words, {time.perf_counter() - started:.0f}s"
    )
    lm = LanguageModel(cfg, vocab.tensor(), n + 1)
    if init is not None:
        with torch.no_grad():
            lm.embed.emb.weight[: len(init)] = torch.from_numpy(init)
    facts = train_lm(ids, targets, lm, cfg, log)
    facts["lm_train_tokens"] = sum(map(len, ids))
    return lm, vocab, facts


def save_lm(path: Path, lm: LanguageModel, vocab: Vocab, facts: dict) -> None:
    torch.save(
        {"state": lm.state_dict(), "index": vocab.index, "rows": vocab.rows, "facts": facts}, path
    )


def load_lm(path: Path, cfg: dict) -> tuple:
    blob = torch.load(path, weights_only=False)
    vocab = Vocab(cfg["buckets"])
    vocab.index, vocab.rows = blob["index"], blob["rows"]
    lm = LanguageModel(cfg, vocab.tensor(), cfg["lm_classes"] + 1)
    lm.load_state_dict(blob["state"], strict=False)
    return lm, vocab, blob["facts"]


def pretrained_lm(
    corpus_dir: Path, clusters_path: Path, cfg: dict, lm_cache: Path | None = None, log=print
) -> tuple:
    """(language model, vocab, facts): read from `lm_cache` when it exists, else the fastText
    start (`fasttext_epochs` > 0) and the language model trained on the corpus, and kept in
    `lm_cache` when one is given."""
    if lm_cache is not None and Path(lm_cache).exists():
        return load_lm(Path(lm_cache), cfg)
    init = fasttext_buckets(Path(corpus_dir), cfg, log) if cfg["fasttext_epochs"] else None
    lm, vocab, facts = pretrain_lm(Path(corpus_dir), clusters_path, cfg, log, init=init)
    if lm_cache is not None:
        save_lm(Path(lm_cache), lm, vocab, facts)
    return lm, vocab, facts


def fit_taggers(
    train: list[Sentence],
    lm: LanguageModel,
    vocab: Vocab,
    side: dict,
    cfg: dict,
    log=print,
) -> tuple[LanguageModel, list[TaggerNet]]:
    """The language model to export (fine-tuned or as given) and one tagger per seed."""
    train = train + with_names_swapped(train, cfg.get("mention_copies", 0))
    sents = [[t for t, _ in s] for s in train]
    if cfg.get("finetune"):
        if len(cfg["seeds"]) != 1:
            raise ValueError("a fine-tuned language model is trained with one seed")
        tuned, net = train_end_to_end(
            sents, tag_ids(train), lm, vocab, side, cfg, cfg["seeds"][0], log
        )
        return tuned, [net]
    # the vocab table grows with new words: refresh the embedding's lookup table
    feats_ids = [vocab.ids(s) for s in sents]
    del feats_ids
    lm.embed.table = vocab.tensor()
    feats = encode_sentences(sents, lm, vocab, side)
    tags = tag_ids(train)
    return lm, [train_tagger(feats, tags, cfg, seed, log) for seed in cfg["seeds"]]


def self_trained(
    train: list[Sentence],
    first: tuple[LanguageModel, list[TaggerNet]],
    crf_model: Path,
    pretrained: tuple[LanguageModel, Vocab, dict],
    cfg: dict,
    corpus_dir: Path,
    clusters_path: Path,
    log=print,
) -> tuple[LanguageModel, list[TaggerNet], int]:
    """(language model, heads, pseudo-labelled sentence count): the heads fit again on `train`
    plus the corpus sentences the teacher finds a name in. The teacher is the CRF `crf_model`
    voting with the `first` heads (`self_teacher`): better than either alone, so its labels on
    news the heads never saw carry names and contexts ANERcorp lacks (whole-document CV: the
    net alone +1.0 micro-F1, the cascade +0.4 at its weight; README "The NER model")."""
    lm, vocab, side = pretrained
    sentences = corpus_sentences(Path(corpus_dir), cfg["self_sentences"], cfg["self_seed"])
    with tempfile.TemporaryDirectory() as tmp:
        net = write_model(Path(tmp), "teacher-cnn", export_arrays(*first), cfg, clusters_path, {})
        teacher = Path(tmp) / "teacher.json"
        meta = {
            "kind": "ensemble",
            "crf_model": str(Path(crf_model).resolve()),
            "neural_model": net.name,
            "decoding": json.loads(net.read_text("utf-8"))["decoding"],
            **cfg["self_teacher"],
        }
        teacher.write_text(json.dumps(meta), "utf-8")
        pseudo = labelled_by(teacher, sentences)
    log(f"self-training: {len(pseudo)} of {len(sentences)} corpus sentences hold a name")
    tuned, nets = fit_taggers(train + pseudo, lm, vocab, side, cfg, log)
    return tuned, nets, len(pseudo)


def train_neural_model(
    train_files: list[Path],
    out_dir: Path,
    corpus_dir: Path,
    clusters_path: Path,
    dev_fraction: float = 0.1,
    refit_all: bool = True,
    lm_cache: Path | None = None,
    name: str = "arabic-ner-cnn",
    max_sentences: int | None = None,
    crf_model: Path = CRF_MODEL,
    log=print,
    **params: Any,
) -> dict:
    """Pretrain the language model on `corpus_dir` (or reuse `lm_cache` when it exists), fit the
    tagger on the train split, score it on the dev split (the last `dev_fraction` of the first
    file, as the CRF), then refit on train + dev when `refit_all`; write the model to `out_dir`.
    With `self_sentences` each fit is self-trained (`self_trained`): the teacher of the final
    model votes with `crf_model` (the CRF fit on train + dev); that of the dev score with a CRF
    fit here on the train part only, so no dev sentence reaches the dev score through it."""
    started = time.perf_counter()
    torch.set_num_threads(1)
    cfg = {**DEFAULTS, **params}
    lm, vocab, facts = pretrained_lm(Path(corpus_dir), clusters_path, cfg, lm_cache, log)
    pretrained = (lm, vocab, side_clusters(clusters_path))
    first = load_labelled(Path(train_files[0]))[:max_sentences]
    train, dev = split_dev(first, dev_fraction)
    for extra in train_files[1:]:
        train = train + load_labelled(Path(extra))
    data = {
        "train_files": ["/".join(Path(p).parts[-2:]) for p in train_files],
        "dev": f"last {dev_fraction:.0%} of sentences of {Path(train_files[0]).name}",
        "dev_fraction": dev_fraction,
        "train_sentences": len(train),
        "dev_sentences": len(dev),
        "dev_tokens": sum(len(s) for s in dev),
        "lm_corpus": Path(corpus_dir).name,
        **facts,
    }

    def fit(sentences: list[Sentence], crf: Path) -> tuple[LanguageModel, list[TaggerNet]]:
        tuned, nets = fit_taggers(sentences, *pretrained, cfg, log)
        if not cfg["self_sentences"]:
            return tuned, nets
        tuned, nets, added = self_trained(
            sentences, (tuned, nets), crf, pretrained, cfg, corpus_dir, clusters_path, log
        )
        data["self_training_sentences"] = added
        return tuned, nets

    with tempfile.TemporaryDirectory() as tmp:
        dev_crf = Path(crf_model)
        if cfg["self_sentences"] and dev:
            train_model(train_files, Path(tmp), dev_fraction, max_sentences)
            dev_crf = Path(tmp) / f"{CRF_MODEL.stem}.json"
        tuned, nets = fit(train, dev_crf)
    path = write_model(
        Path(out_dir), name, export_arrays(tuned, nets), cfg, clusters_path, {"data": data}
    )
    meta = json.loads(path.read_text("utf-8"))
    if dev:
        meta["dev"] = score(path, dev)
    if dev and refit_all:
        tuned, nets = fit(train + dev, Path(crf_model))
        dev_scores = meta["dev"]
        path = write_model(
            Path(out_dir),
            name,
            export_arrays(tuned, nets),
            cfg,
            clusters_path,
            {"data": {**data, "refit_on_dev": True, "train_sentences": len(train) + len(dev)}},
        )
        meta = json.loads(path.read_text("utf-8"))
        meta["dev"] = dev_scores
        meta["dev_after_refit"] = score(path, dev)
    meta["train_seconds"] = round(time.perf_counter() - started, 1)
    path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), "utf-8")
    return {**meta, "model_path": str(path)}
