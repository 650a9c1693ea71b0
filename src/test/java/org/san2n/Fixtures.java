package org.san2n;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The nibabel-written fixture files (a copy of shared/fixtures kept with the tests). */
public final class Fixtures {

	private Fixtures() {}

	public static Path dir(String sub) {
		try {
			return Path.of(Fixtures.class.getResource("/fixtures/" + sub).toURI());
		} catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	public static JsonObject expected(String sub) throws IOException {
		try (Reader r = Files.newBufferedReader(dir(sub).resolve("expected.json"))) {
			return JsonParser.parseReader(r).getAsJsonObject();
		}
	}
}
