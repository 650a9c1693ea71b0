package org.san2n.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The macro options of SAN2N Train and Denoise: how they are read. */
class MacroOptionsTest {

	private static Map<String, String> map(String... keyValues) {
		Map<String, String> m = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2)
			m.put(keyValues[i], keyValues[i + 1]);
		return m;
	}

	@Test
	void aKeyIsFoundOnlyWhereItStartsAnOptionNotInsideALongerOne() {
		// ImageJ's Macro.getValue finds "model=" in "save_model=" and "stride=" in "mppca_stride=".
		assertEquals("/m.san2n", ij.Macro.getValue("save_model=/m.san2n ", "model", null), "ImageJ's own lookup (why we parse)");
		Map<String, String> o = MacroOptions.parse("save_model=/m.san2n mppca_stride=2");
		assertNull(o.get("model"));
		assertNull(o.get("stride"));
		assertEquals(map("save_model", "/m.san2n", "mppca_stride", "2"), o);
	}

	@Test
	void valuesInBracketsOrQuotesMayHoldSpacesAndAKeyInsideOneIsNoKey() {
		Map<String, String> o = MacroOptions.parse("  mask=[/data/my scan/stride=3 mask.nii] sigma='1 2'   method=san2n steps=20");
		assertEquals(map("mask", "/data/my scan/stride=3 mask.nii", "sigma", "1 2", "method", "san2n", "steps", "20"), o);
		assertEquals(map("mask", "/a[1]/b c"), MacroOptions.parse("mask=[/a[1]/b c]"), "nested brackets, as ImageJ counts them");
	}

	@Test
	void theFirstOfARepeatedKeyWinsAsInImageJAndABareWordIsAnEmptyKey() {
		assertEquals(map("epochs", "3", "flag", ""), MacroOptions.parse("epochs=3 flag epochs=5"));
		assertEquals(map(), MacroOptions.parse(""));
		assertEquals(map(), MacroOptions.parse(null));
	}

	@Test
	void anUnclosedBracketIsRefusedWithTheKey() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacroOptions.parse("mask=[/a b method=san2n"));
		assertEquals("mask=[… has no closing ]", e.getMessage());
	}
}
