"""The six BERT layers of all-MiniLM-L6-v2 in TensorFlow (the one Rasa already brings).

The same layers written in numpy gave the same vectors (to 2e-7) but took about 16 ms for an
11-piece message on one core here, against about 10 ms in a TensorFlow graph: OpenBLAS is
slow on the thin matrices of one short message. Even a three-piece "hi" takes about 9 ms,
because every message reads all 42 MB of the layers' weights, more than this machine's cache.
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

DIMENSION = 384
LAYERS = 6
HEADS = 12
LAYER_NORM_EPS = 1e-12


def _layer_norm(x: tf.Tensor, norm: tuple[tf.Tensor, tf.Tensor]) -> tf.Tensor:
    mean, variance = tf.nn.moments(x, axes=[-1], keepdims=True)
    return (x - mean) * tf.math.rsqrt(variance + LAYER_NORM_EPS) * norm[0] + norm[1]


class Bert(tf.Module):
    """The six layers, as one TensorFlow graph traced once for any batch and length."""

    def __init__(self, weights: dict[str, np.ndarray]) -> None:
        super().__init__()

        def const(name: str, transpose: bool = False) -> tf.Tensor:
            # PyTorch keeps Linear weights as (out, in); rows are multiplied by (in, out).
            value = weights[name].T if transpose else weights[name]
            return tf.constant(np.ascontiguousarray(value))

        def norm(prefix: str) -> tuple[tf.Tensor, tf.Tensor]:
            return const(prefix + ".weight"), const(prefix + ".bias")

        self.words = const("embeddings.word_embeddings.weight")
        self.positions = const("embeddings.position_embeddings.weight")
        self.token_type = const("embeddings.token_type_embeddings.weight")[0]
        self.embedding_norm = norm("embeddings.LayerNorm")
        self.layers = []
        for n in range(LAYERS):
            p = f"encoder.layer.{n}."
            attention = p + "attention.self."
            self.layers.append(
                {
                    # Query, key and value in one product.
                    "qkv": tf.concat(
                        [const(attention + x + ".weight", True) for x in ("query", "key", "value")],
                        axis=1,
                    ),
                    "qkv_bias": tf.concat(
                        [const(attention + x + ".bias") for x in ("query", "key", "value")], axis=0
                    ),
                    "out": const(p + "attention.output.dense.weight", True),
                    "out_bias": const(p + "attention.output.dense.bias"),
                    "attention_norm": norm(p + "attention.output.LayerNorm"),
                    "up": const(p + "intermediate.dense.weight", True),
                    "up_bias": const(p + "intermediate.dense.bias"),
                    "down": const(p + "output.dense.weight", True),
                    "down_bias": const(p + "output.dense.bias"),
                    "output_norm": norm(p + "output.LayerNorm"),
                }
            )

    @tf.function(
        input_signature=[
            tf.TensorSpec([None, None], tf.int32),
            tf.TensorSpec([None, None], tf.float32),
        ]
    )
    def __call__(self, ids: tf.Tensor, mask: tf.Tensor) -> tf.Tensor:
        batch, length = tf.shape(ids)[0], tf.shape(ids)[1]
        head = DIMENSION // HEADS
        x = tf.gather(self.words, ids) + self.positions[:length] + self.token_type
        x = _layer_norm(x, self.embedding_norm)
        # Padding is never attended to: a large negative score before the softmax.
        padding = ((1.0 - mask) * -1e9)[:, None, None, :]
        for layer in self.layers:
            flat = tf.reshape(x, [-1, DIMENSION])
            qkv = tf.matmul(flat, layer["qkv"]) + layer["qkv_bias"]
            qkv = tf.transpose(tf.reshape(qkv, [batch, length, 3, HEADS, head]), [2, 0, 3, 1, 4])
            scores = tf.matmul(qkv[0], qkv[1], transpose_b=True) * (head**-0.5) + padding
            context = tf.matmul(tf.nn.softmax(scores, axis=-1), qkv[2])
            context = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [-1, DIMENSION])
            attended = tf.matmul(context, layer["out"]) + layer["out_bias"]
            x = _layer_norm(tf.reshape(attended, [batch, length, DIMENSION]) + x,
                            layer["attention_norm"])  # fmt: skip
            # BERT's exact GELU (erf), not the tanh approximation: the pinned vectors need it.
            up = tf.nn.gelu(
                tf.matmul(tf.reshape(x, [-1, DIMENSION]), layer["up"]) + layer["up_bias"],
                approximate=False,
            )
            down = tf.matmul(up, layer["down"]) + layer["down_bias"]
            x = _layer_norm(tf.reshape(down, [batch, length, DIMENSION]) + x,
                            layer["output_norm"])  # fmt: skip
        return x

    def hidden_states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self(tf.constant(ids), tf.constant(mask)).numpy()
