package org.san2n.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.san2n.train.TrainingConfig;

class MethodTest {

	@Test
	void namesParseAndMppcaIsTheDefault() {
		assertEquals(Method.MPPCA, Method.parse(null));
		assertEquals(Method.MPPCA, Method.parse(" MP-PCA "));
		assertEquals(Method.SAN2N_PAPER, Method.parse("san2n-paper"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Method.parse("bm4d"));
		assertTrue(e.getMessage().contains("mppca, san2n or san2n-paper") && e.getMessage().contains("bm4d"));
	}

	@Test
	void thePublishedMethodIsOneSwitchAway() {
		TrainingConfig asked = TrainingConfig.DEFAULTS;
		TrainingConfig paper = Method.SAN2N_PAPER.config(asked);
		assertEquals(5e-4, paper.learningRate());
		assertEquals(100, paper.epochs());
		assertEquals(10, paper.lambda1());
		assertEquals(40, Method.SAN2N_PAPER.config(asked.withEpochs(40)).epochs(), "--epochs still counts");
		DenoiseOptions o = Method.SAN2N_PAPER.options(DenoiseOptions.DEFAULTS);
		assertFalse(o.flips() || o.unbias());
		assertTrue(o.refuse(), "still checked");
		assertEquals(asked, Method.SAN2N.config(asked));
		assertEquals(DenoiseOptions.DEFAULTS, Method.SAN2N.options(DenoiseOptions.DEFAULTS));
		assertFalse(Method.MPPCA.trains());
	}
}
