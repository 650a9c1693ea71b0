package org.san2n.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.san2n.scijava.DenoiseCommand;
import org.san2n.scijava.TrainCommand;
import org.scijava.plugin.Plugin;

import ij.plugin.PlugIn;

/** plugins.config: what plain ImageJ 1.x puts in its menus (the window test under Xvfb clicks through them). */
class PluginsConfigTest {

	/** Label → class, in menu order; a separator (ImageJ's {@code Plugins>SAN2N, "-"}) as label "-" with no class. */
	static Map<String, String> entries() throws IOException {
		Pattern line = Pattern.compile("^(Plugins>SAN2N), \"([^\"]+)\", ([\\w.]+)$");
		Map<String, String> m = new LinkedHashMap<>();
		for (String l : Files.readAllLines(Path.of("plugins.config"))) {
			if (l.isBlank() || l.startsWith("#")) continue;
			if (l.equals("Plugins>SAN2N, \"-\"")) {
				m.put("-", "");
				continue;
			}
			Matcher x = line.matcher(l);
			assertTrue(x.matches(), "not a plugins.config entry under Plugins>SAN2N: " + l);
			m.put(x.group(2), x.group(3));
		}
		return m;
	}

	@Test
	void everyEntryIsAPlugInUnderTheSameLabelsAsTheSciJavaCommands() throws Exception {
		Map<String, String> e = entries();
		assertEquals(java.util.List.of("SAN2N Train", "SAN2N Denoise", "SAN2N Batch", "-", "Open NIfTI DWI...", "Save as NIfTI..."),
				java.util.List.copyOf(e.keySet()), "the denoising commands, a separator, then the file commands");
		e.remove("-");
		for (String cls : e.values())
			assertTrue(PlugIn.class.isAssignableFrom(Class.forName(cls)), cls + " is an ImageJ 1.x PlugIn");
		assertEquals(e.get("SAN2N Train"), TrainPlugin.class.getName());
		for (Class<?> command : new Class<?>[] { TrainCommand.class, DenoiseCommand.class, org.san2n.scijava.BatchCommand.class }) {
			String path = command.getAnnotation(Plugin.class).menuPath();
			String label = path.substring(path.lastIndexOf('>') + 1);
			assertEquals("Plugins>SAN2N>" + label, path);
			assertTrue(e.containsKey(label), "the SciJava command " + label + " has an ImageJ 1.x entry of the same label");
		}
	}
}
