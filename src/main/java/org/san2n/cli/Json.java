package org.san2n.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * JSON as the commands print it: one object, readable, strict (RFC 8259): a number that is NaN or infinite
 * has no JSON spelling and is written as null (jq, Python's json and JavaScript then all read it).
 */
final class Json {

	static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
			.registerTypeAdapter(Double.class, finiteOrNull()).registerTypeAdapter(double.class, finiteOrNull())
			.registerTypeAdapter(Float.class, finiteOrNull()).registerTypeAdapter(float.class, finiteOrNull()).create();

	private static com.google.gson.JsonSerializer<Number> finiteOrNull() {
		return (n, type, context) -> Double.isFinite(n.doubleValue()) ? new com.google.gson.JsonPrimitive(n)
				: com.google.gson.JsonNull.INSTANCE;
	}

	private Json() {}
}
