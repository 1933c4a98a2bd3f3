"""The six BERT layers of all-MiniLM-L6-v2, run by ONNX Runtime.

The layers are written here as an ONNX graph, built in memory from the checked weights each
time a process starts (nothing is downloaded or kept on disk), and run by ONNX Runtime.
Measured on this machine for one short message (docs/turn-profile.md): about 5 ms, against
12-16 ms for the same layers as a TensorFlow graph and about 16 ms in plain numpy (OpenBLAS is
slow on the thin matrices of one message). The vectors are the official model's, to 2e-6
(tests/language/test_encoder.py).

One thread a session in the servers: the Rasa server runs the encoder inside a turn, beside
DIET and the other conversations' turns, so a second thread mostly waits for a core that is
busy anyway. Training, which encodes tens of thousands of examples and nothing else, asks
for a thread a core: on this machine two threads encode the classifier's corpus in 0.59 of
the time, and the vectors are the same to the last bit (ONNX Runtime splits a product's rows
between threads, never one sum; tests/language/test_encoder.py checks it).
"""

from __future__ import annotations

import numpy as np
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

DIMENSION = 384
LAYERS = 6
HEADS = 12
LAYER_NORM_EPS = 1e-12
# LayerNormalization is in the standard operators from opset 17.
OPSET = 17


class _Graph:
    """Collects the graph's nodes and constant weights, naming each output once."""

    def __init__(self) -> None:
        self.nodes: list = []
        self.weights: list = []
        self._count = 0

    def const(self, name: str, value: np.ndarray) -> str:
        self.weights.append(numpy_helper.from_array(np.array(value, order="C"), name))
        return name

    def op(self, kind: str, *inputs: str, **attributes: object) -> str:
        self._count += 1
        output = f"{kind.lower()}_{self._count}"
        self.nodes.append(helper.make_node(kind, list(inputs), [output], **attributes))
        return output


def _layers_graph(weights: dict[str, np.ndarray]) -> bytes:
    """The ONNX model: ids (batch, length) and mask -> last hidden states (batch, length, 384)."""
    g = _Graph()
    head = DIMENSION // HEADS

    def weight(name: str, transpose: bool = False) -> str:
        # PyTorch keeps Linear weights as (out, in); rows are multiplied by (in, out).
        return g.const(name, weights[name].T if transpose else weights[name])

    def linear(x: str, prefix: str) -> str:
        return g.op("Add", g.op("MatMul", x, weight(prefix + ".weight", True)),
                    weight(prefix + ".bias"))  # fmt: skip

    def layer_norm(x: str, prefix: str) -> str:
        return g.op("LayerNormalization", x, weight(prefix + ".weight"),
                    weight(prefix + ".bias"), axis=-1, epsilon=LAYER_NORM_EPS)  # fmt: skip

    def scalar(name: str, value: float) -> str:
        return g.const(name, np.array(value, dtype=np.float32))

    def shape(name: str, dims: list[int]) -> str:
        return g.const(name, np.array(dims, dtype=np.int64))

    # Embeddings: word piece + position + the one token type all-MiniLM-L6-v2 uses.
    length = g.op("Gather", g.op("Shape", "ids"), g.const("one", np.array(1, dtype=np.int64)))
    positions = g.op("Slice", weight("embeddings.position_embeddings.weight"),
                     shape("start", [0]), g.op("Unsqueeze", length, shape("axis0", [0])),
                     shape("axis", [0]))  # fmt: skip
    token_type = g.const("token_type", weights["embeddings.token_type_embeddings.weight"][0])
    x = g.op("Add", g.op("Add", g.op("Gather", weight("embeddings.word_embeddings.weight"),
                                     "ids"), positions), token_type)  # fmt: skip
    x = layer_norm(x, "embeddings.LayerNorm")

    one, half = scalar("one_f", 1.0), scalar("half", 0.5)
    # Padding is never attended to: a large negative score before the softmax.
    padding = g.op("Reshape", g.op("Mul", g.op("Sub", one, "mask"),
                                   scalar("minus_large", -1e9)),
                   shape("padding_shape", [0, 1, 1, -1]))  # fmt: skip
    scale = scalar("scale", head**-0.5)
    split_heads = shape("split_heads", [0, 0, 3, HEADS, head])
    join_heads = shape("join_heads", [0, 0, DIMENSION])
    which = {part: g.const(part, np.array(n, dtype=np.int64)) for n, part in
             enumerate(("query", "key", "value"))}  # fmt: skip
    sqrt_half = scalar("sqrt_half", float(np.sqrt(0.5)))

    for n in range(LAYERS):
        p = f"encoder.layer.{n}."
        attention = p + "attention.self."
        # Query, key and value in one product: (batch, length, 3, heads, 32) -> (3, b, h, l, 32).
        qkv_weight = g.const(p + "qkv", np.concatenate(
            [weights[attention + part + ".weight"].T for part in which], axis=1))  # fmt: skip
        qkv_bias = g.const(p + "qkv_bias", np.concatenate(
            [weights[attention + part + ".bias"] for part in which]))  # fmt: skip
        qkv = g.op("Add", g.op("MatMul", x, qkv_weight), qkv_bias)
        qkv = g.op("Transpose", g.op("Reshape", qkv, split_heads), perm=[2, 0, 3, 1, 4])
        query, key, value = (g.op("Gather", qkv, which[part], axis=0) for part in which)
        scores = g.op("MatMul", query, g.op("Transpose", key, perm=[0, 1, 3, 2]))
        scores = g.op("Add", g.op("Mul", scores, scale), padding)
        context = g.op("MatMul", g.op("Softmax", scores, axis=-1), value)
        context = g.op("Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), join_heads)
        attended = linear(context, p + "attention.output.dense")
        x = layer_norm(g.op("Add", attended, x), p + "attention.output.LayerNorm")
        # BERT's exact GELU (erf), not the tanh approximation: the pinned vectors need it.
        up = linear(x, p + "intermediate.dense")
        gelu = g.op("Mul", g.op("Mul", up, half),
                    g.op("Add", g.op("Erf", g.op("Mul", up, sqrt_half)), one))  # fmt: skip
        down = linear(gelu, p + "output.dense")
        x = layer_norm(g.op("Add", down, x), p + "output.LayerNorm")
    g.nodes.append(helper.make_node("Identity", [x], ["hidden"]))

    graph = helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "length"]),
        ],
        [
            helper.make_tensor_value_info(
                "hidden", TensorProto.FLOAT, ["batch", "length", DIMENSION]
            )
        ],
        initializer=g.weights,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    return model.SerializeToString()


class Bert:
    """The six layers in one ONNX Runtime session, for any batch and length."""

    def __init__(self, weights: dict[str, np.ndarray], threads: int = 1) -> None:
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Threads that wait on a lock between runs rather than spin: training's other work
        # (the classifier's folds in their own processes) needs the cores between batches.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        self._session = onnxruntime.InferenceSession(
            _layers_graph(weights), options, providers=["CPUExecutionProvider"]
        )

    def hidden_states(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The last layer's states (batch, length, 384) for word-piece ids (int64) and the
        padding mask (float32)."""
        return self._session.run(["hidden"], {"ids": ids, "mask": mask})[0]
