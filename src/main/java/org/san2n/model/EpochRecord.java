package org.san2n.model;

import org.san2n.train.LossTerms;

/** One epoch of the loss history kept in a model file: mean terms over its steps. */
public record EpochRecord(int epoch, double learningRate, LossTerms loss, int skippedSteps, double seconds) {}
