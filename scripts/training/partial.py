"""Softmax regression trained on partial labels: each example names the set of classes it allows.

The loss of an example is ``-log sum_{c in allowed} p_c`` (the probability of its label set), plus an L2
penalty; the gradient with respect to the logits is ``p - q`` where ``q`` is ``p`` renormalised inside the
allowed set. Fitted with L-BFGS on a sparse (CSR) design matrix, optionally with dense columns.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import optimize, sparse

Array = npt.NDArray[np.float64]


def softmax(z: Array) -> Array:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit(
    x: sparse.csr_matrix,
    allowed: Array,
    weights: Array,
    l2: float = 1.0,
    max_iter: int = 300,
    prior: Array | None = None,
) -> Array:
    """Weights ``W`` (features x classes); ``allowed`` is a 0/1 matrix (examples x classes).

    Column 0 of ``x`` should be a bias feature (not penalised)."""
    n, d = x.shape
    k = allowed.shape[1]
    w_sum = float(weights.sum())
    penalty = np.ones((d, 1))
    penalty[0] = 0.0

    def loss(flat: Array) -> tuple[float, Array]:
        w = flat.reshape(d, k)
        z = np.asarray(x @ w)
        p = softmax(z)
        mass = (p * allowed).sum(axis=1)
        q = p * allowed / np.maximum(mass, 1e-300)[:, None]
        value = -float((weights * np.log(np.maximum(mass, 1e-300))).sum()) / w_sum
        grad_z = (p - q) * weights[:, None] / w_sum
        grad = np.asarray(x.T @ grad_z)
        value += 0.5 * l2 / w_sum * float((penalty * w * w).sum())
        grad += l2 / w_sum * penalty * w
        return value, grad.ravel()

    w0 = np.zeros((d, k))
    if prior is not None:
        w0[0] = np.log(np.maximum(prior, 1e-6))
    result = optimize.minimize(loss, w0.ravel(), jac=True, method="L-BFGS-B", options={"maxiter": max_iter})
    return np.asarray(result.x).reshape(d, k)
