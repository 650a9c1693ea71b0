package org.san2n.ij1;

import java.util.LinkedHashMap;
import java.util.Map;

/** The option string of {@code run("SAN2N Denoise", "…")}, read into the settings' keys. */
final class MacroOptions {

	private MacroOptions() {}

	/**
	 * The options as key → value, in the order written; the first of a repeated key wins, as in ImageJ. A
	 * value is {@code [text with spaces]}, {@code 'text'} or runs to the next space; a bare word is a key
	 * with an empty value.
	 * <p>
	 * Not ImageJ's {@code Macro.getValue}: it finds a key anywhere not preceded by a letter, so
	 * {@code save_model=m.san2n} also gave {@code model} that file, and {@code mppca_stride=2} gave
	 * {@code stride} 2 (which MP-PCA then refused as a training setting). Here a key starts the string or
	 * follows a space, outside brackets and quotes.
	 */
	static Map<String, String> parse(String options) {
		Map<String, String> out = new LinkedHashMap<>();
		String s = options == null ? "" : options;
		int i = 0, n = s.length();
		while (i < n) {
			if (Character.isWhitespace(s.charAt(i))) {
				i++;
				continue;
			}
			int keyStart = i;
			while (i < n && s.charAt(i) != '=' && !Character.isWhitespace(s.charAt(i)))
				i++;
			String key = s.substring(keyStart, i);
			String value = "";
			if (i < n && s.charAt(i) == '=') {
				i++;
				if (i < n && s.charAt(i) == '[') {
					int depth = 1, start = ++i;
					while (i < n && depth > 0) {
						char c = s.charAt(i++);
						if (c == '[') depth++;
						else if (c == ']') depth--;
					}
					if (depth > 0) throw new IllegalArgumentException(key + "=[… has no closing ]");
					value = s.substring(start, i - 1);
				} else if (i < n && s.charAt(i) == '\'') {
					int end = s.indexOf('\'', i + 1);
					if (end < 0) throw new IllegalArgumentException(key + "='… has no closing '");
					value = s.substring(i + 1, end);
					i = end + 1;
				} else {
					int start = i;
					while (i < n && !Character.isWhitespace(s.charAt(i)))
						i++;
					value = s.substring(start, i);
				}
			}
			out.putIfAbsent(key, value);
		}
		return out;
	}
}
