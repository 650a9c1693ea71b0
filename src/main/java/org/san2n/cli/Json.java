package org.san2n.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** JSON as the commands print it: one object, readable, NaN and infinities allowed (PSNR of a perfect match). */
final class Json {

	static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
			.disableHtmlEscaping().create();

	private Json() {}
}
