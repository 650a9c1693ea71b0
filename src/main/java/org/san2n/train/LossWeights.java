package org.san2n.train;

/**
 * The weights of the loss terms in one epoch: {@code loss = Λ1·L1 + Λ2·L2 + Lq + Lq2 + β·Lr} where L2
 * carries λ1 and Lq, Lq2 carry λ2 (docs/METHOD.md §5).
 */
public record LossWeights(double lambda1, double lambda2, double bigLambda1, double bigLambda2, double beta) {}
