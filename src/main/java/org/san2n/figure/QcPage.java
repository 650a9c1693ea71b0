package org.san2n.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.san2n.denoise.Denoised;
import org.san2n.dwi.DwiScan;
import org.san2n.io.AtomicFiles;
import org.san2n.mask.BrainMask;
import org.san2n.mppca.MpPca;
import org.san2n.qspace.AngularPairing;
import org.san2n.qspace.PairingOptions;
import org.san2n.qspace.QSpacePairing;
import org.san2n.qspace.Shell;

import com.google.gson.GsonBuilder;

/**
 * A QC page for one denoising run, in a folder: PNGs, one static {@code index.html} that opens anywhere (no
 * scripts, no network) and {@code qc.json} with the same numbers. What it shows, so that a person can see that
 * noise and not anatomy was removed:
 * <ul>
 * <li>for the b0 and each shell (its first volume), the middle axial slice: input | output | residual | σ map
 * ({@code slices-b0.png}, {@code slices-b1000.png}, …; input and output on one grey scale, the residual between
 * −3σ and +3σ, σ from 0 to its 99th percentile);</li>
 * <li>the histogram of the residual in σ units (residual ÷ the voxel's σ, every volume, inside the mask) against
 * the standard normal a pure-noise residual would follow ({@code residual-histogram.png});</li>
 * <li>per volume: the residual's spread in units of the median σ and the mean's change in % (the output check's
 * quantities);</li>
 * <li>the rank map's middle slice ({@code rank.png}), when MP-PCA ran;</li>
 * <li>the run's record (method, automatic choices, the output check's verdict, time), as the JSON sidecar has it.</li>
 * </ul>
 */
public final class QcPage {

	private QcPage() {}

	/** Per volume: b-value, residual spread ÷ median σ, mean change in %. */
	public record VolumeRow(int volume, double b, double spreadInSigma, double meanChangePercent) {}

	/**
	 * Writes the page into {@code folder} (which must exist). Each file is written atomically.
	 *
	 * @param input  the scan that was denoised
	 * @param result the denoised scan and its maps
	 * @param mask   the brain mask the numbers are taken in (not null)
	 * @param record the run's record as JSON (what the sidecar holds), shown as it is
	 * @return the page, {@code folder/index.html}
	 */
	public static Path write(Path folder, DwiScan input, Denoised result, BrainMask mask, String record) throws IOException {
		int nx = input.width(), ny = input.height(), nz = input.depth(), nv = input.volumes(), z = nz / 2;
		int plane = nx * ny;
		byte[] inside = mask.inside();
		float[] sigma = result.sigma();
		double median = MpPca.medianInside(sigma, mask);
		if (!(median > 0)) throw new IllegalArgumentException("the QC page needs a σ > 0 inside the mask");
		QSpacePairing paired = AngularPairing.pair(input.gradients(), PairingOptions.DEFAULTS);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("median_sigma", median);
		List<String> html = new ArrayList<>();
		html.add("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>SAN2N QC</title><style>body{font-family:sans-serif;max-width:70em}"
				+ "td,th{padding:2px 8px;text-align:right}img{max-width:100%}</style></head><body><h1>SAN2N denoising: what was removed</h1>");
		html.add(String.format(Locale.ROOT, "<p>Noise level σ: median %.4g inside the mask (%d voxels), in the input's units.</p>", median,
				mask.count()));
		// Slices: the b0 and each shell's first volume.
		List<Map<String, Object>> shown = new ArrayList<>();
		html.add("<h2>Input | output | residual | σ map (middle axial slice)</h2>");
		for (Shell shell : paired.shells()) {
			int v = shell.volumes()[0];
			String name = shell.b0() ? "b0" : "b" + Math.round(shell.bvalue());
			float[] in = input.volumeArray(v), out = result.scan().volumeArray(v);
			float[] inSlice = java.util.Arrays.copyOfRange(in, z * plane, (z + 1) * plane), outSlice = java.util.Arrays.copyOfRange(out, z * plane,
					(z + 1) * plane), residual = new float[plane], sigmaSlice = java.util.Arrays.copyOfRange(sigma, z * plane, (z + 1) * plane);
			for (int i = 0; i < plane; i++)
				residual[i] = Float.isFinite(inSlice[i] - outSlice[i]) ? inSlice[i] - outSlice[i] : 0;
			double high = SliceFigure.percentile(inSlice, 0.995);
			double sigmaTop = Math.max(SliceFigure.percentile(sigmaSlice, 0.99), 1e-12);
			List<SliceFigure.Panel> panels = List.of(new SliceFigure.Panel("input, volume " + v, inSlice, nx, ny, 0, high),
					new SliceFigure.Panel("output", outSlice, nx, ny, 0, high),
					new SliceFigure.Panel(String.format(Locale.ROOT, "residual (black −3σ, white +3σ = %.3g)", 3 * median), residual, nx, ny,
							-3 * median, 3 * median),
					new SliceFigure.Panel(String.format(Locale.ROOT, "σ map (black 0, white %.3g)", sigmaTop), sigmaSlice, nx, ny, 0, sigmaTop));
			String file = "slices-" + name + ".png";
			SliceFigure.write(SliceFigure.render(panels, zoom(nx, ny)), folder.resolve(file));
			html.add(String.format(Locale.ROOT, "<h3>%s (volume %d of %d)</h3><img src=\"%s\" alt=\"%s\">", shell.b0() ? "b0" : "b = " + Math.round(shell.bvalue()),
					v, shell.size(), file, name));
			shown.add(Map.of("shell", name, "volume", v, "png", file));
		}
		json.put("slices", shown);
		// Histogram of residual / σ against N(0, 1), and per-volume spread and mean change.
		int bins = 81;
		double lo = -5, hi = 5, width = (hi - lo) / bins;
		long[] counts = new long[bins];
		long total = 0;
		List<VolumeRow> rows = new ArrayList<>();
		for (int v = 0; v < nv; v++) {
			float[] in = input.volumeArray(v), out = result.scan().volumeArray(v);
			double s = 0, s2 = 0, mi = 0, mo = 0;
			long n = 0;
			for (int i = 0; i < in.length; i++) {
				if (inside[i] == 0 || !Float.isFinite(in[i]) || !Float.isFinite(out[i])) continue;
				double r = in[i] - out[i];
				s += r;
				s2 += r * r;
				mi += in[i];
				mo += out[i];
				n++;
				if (sigma[i] > 0) {
					int b = (int) Math.floor((r / sigma[i] - lo) / width);
					if (b >= 0 && b < bins) counts[b]++;
					total++;
				}
			}
			double mean = s / Math.max(1, n), spread = Math.sqrt(Math.max(0, s2 / Math.max(1, n) - mean * mean));
			rows.add(new VolumeRow(v, input.gradients().bval(v), spread / median, mi != 0 ? 100 * (mo - mi) / mi : 0));
		}
		SliceFigure.write(histogram(counts, total, lo, width), folder.resolve("residual-histogram.png"));
		html.add("<h2>Residual ÷ σ, all volumes, inside the mask</h2><p>Against the standard normal (red) that a residual of pure noise "
				+ "would follow. Narrower: part of the noise was kept (MP-PCA keeps the noise that lies in the components it keeps, a large share "
				+ "when a scan has few volumes); wider, or heavy tails: more than noise was removed, look at the residual slices for anatomy.</p>"
				+ "<img src=\"residual-histogram.png\" alt=\"histogram\">");
		json.put("residual_histogram", Map.of("from", lo, "bin_width", width, "counts", counts));
		// The rank map.
		if (result.rank() != null) {
			float[] rank = java.util.Arrays.copyOfRange(result.rank(), z * plane, (z + 1) * plane);
			double top = Math.max(1, SliceFigure.percentile(rank, 0.99));
			SliceFigure.write(SliceFigure.render(List.of(new SliceFigure.Panel(String.format(Locale.ROOT, "rank (0–%.0f)", top), rank, nx, ny, 0, top)),
					zoom(nx, ny)), folder.resolve("rank.png"));
			double rankMedian = MpPca.medianInside(result.rank(), mask);
			html.add(String.format(Locale.ROOT, "<h2>MP-PCA's rank (signal components of the window centred on each voxel)</h2>"
					+ "<p>Median %.0f inside the mask (voxels of rank 0 left out).</p><img src=\"rank.png\" alt=\"rank\">", rankMedian));
			json.put("median_rank", rankMedian);
		}
		html.add("<h2>Per volume</h2><p>Residual spread in units of the median σ (about 1 for a residual of pure noise; the output check "
				+ "refuses more than 1.5) and the change of the volume's mean.</p><table><tr><th>volume</th><th>b</th><th>spread / σ</th><th>mean change</th></tr>");
		for (VolumeRow r : rows)
			html.add(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.0f</td><td>%.2f</td><td>%+.2f %%</td></tr>", r.volume(), r.b(), r.spreadInSigma(),
					r.meanChangePercent()));
		html.add("</table>");
		json.put("volumes", rows);
		html.add("<h2>The run</h2><pre>" + escape(record) + "</pre></body></html>");
		json.put("record", com.google.gson.JsonParser.parseString(record));
		AtomicFiles.writeString(folder.resolve("qc.json"),
				new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(json) + "\n");
		Path page = folder.resolve("index.html");
		AtomicFiles.writeString(page, String.join("\n", html) + "\n");
		return page;
	}

	private static int zoom(int nx, int ny) {
		return Math.max(1, Math.min(4, 256 / Math.max(nx, ny)));
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	/** Bars of the counts (as densities) with the standard normal density drawn over them. */
	private static BufferedImage histogram(long[] counts, long total, double lo, double width) {
		int w = 640, h = 320, left = 40, bottom = 30;
		BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		try {
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, w, h);
			double peak = 1 / Math.sqrt(2 * Math.PI);
			for (long c : counts)
				peak = Math.max(peak, c / (double) Math.max(1, total) / width);
			double sx = (w - left - 10) / (counts.length * width), sy = (h - bottom - 10) / peak;
			g.setColor(new Color(120, 120, 120));
			for (int i = 0; i < counts.length; i++) {
				double density = counts[i] / (double) Math.max(1, total) / width;
				int x = left + (int) Math.round(i * width * sx), bw = Math.max(1, (int) Math.round(width * sx) - 1);
				int bh = (int) Math.round(density * sy);
				g.fillRect(x, h - bottom - bh, bw, bh);
			}
			g.setColor(Color.RED);
			g.setStroke(new BasicStroke(2f));
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			int px = -1, py = -1;
			for (int x = left; x < w - 10; x++) {
				double t = lo + (x - left) / sx;
				int y = h - bottom - (int) Math.round(Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI) * sy);
				if (px >= 0) g.drawLine(px, py, x, y);
				px = x;
				py = y;
			}
			g.setColor(Color.BLACK);
			g.drawLine(left, h - bottom, w - 10, h - bottom);
			try {
				g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
				for (int t = -4; t <= 4; t += 2)
					g.drawString(Integer.toString(t), left + (int) Math.round((t - lo) * sx) - 4, h - bottom + 15);
				g.drawString("residual ÷ σ", w / 2 - 30, h - 4);
			} catch (RuntimeException | InternalError | UnsatisfiedLinkError e) {
				// no fonts: the picture without its labels
			}
		} finally {
			g.dispose();
		}
		return img;
	}
}
