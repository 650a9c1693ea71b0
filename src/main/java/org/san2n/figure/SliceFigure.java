package org.san2n.figure;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.san2n.io.AtomicFiles;

/**
 * A row of grey-scale panels (one axial slice each) with titles, written as a PNG: the picture of a
 * denoising result that a README or a report shows.
 */
public final class SliceFigure {

	/**
	 * One panel: an axial slice, x fastest, shown between {@code low} (black) and {@code high} (white).
	 */
	public record Panel(String title, float[] slice, int width, int height, double low, double high) {}

	private static final int TITLE = 22, GAP = 6;

	private SliceFigure() {}

	/** The z-th axial slice of volume v of an (x, y, z, v) array. */
	public static float[] slice(float[] voxels, long[] shape, int z, int v) {
		int nx = (int) shape[0], ny = (int) shape[1], nz = (int) shape[2];
		int plane = nx * ny;
		return Arrays.copyOfRange(voxels, (v * nz + z) * plane, (v * nz + z + 1) * plane);
	}

	/** The value below which {@code fraction} of the values lie. */
	public static double percentile(float[] values, double fraction) {
		float[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.round(fraction * (sorted.length - 1))))];
	}

	public static BufferedImage render(List<Panel> panels, int zoom) {
		int w = panels.stream().mapToInt(p -> p.width() * zoom).max().orElse(1);
		int h = panels.stream().mapToInt(p -> p.height() * zoom).max().orElse(1);
		BufferedImage img = new BufferedImage(panels.size() * (w + GAP) + GAP, h + TITLE + 2 * GAP, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		try {
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, img.getWidth(), img.getHeight());
			for (int i = 0; i < panels.size(); i++) {
				Panel p = panels.get(i);
				int x0 = GAP + i * (w + GAP), y0 = TITLE + GAP;
				double range = p.high() - p.low() > 0 ? p.high() - p.low() : 1;
				// Radiological habit: anterior up, so rows are drawn from the top of y downwards.
				for (int y = 0; y < p.height(); y++)
					for (int x = 0; x < p.width(); x++) {
						double v = (p.slice()[y * p.width() + x] - p.low()) / range;
						int grey = (int) Math.round(255 * Math.max(0, Math.min(1, v)));
						g.setColor(new Color(grey, grey, grey));
						g.fillRect(x0 + x * zoom, y0 + (p.height() - 1 - y) * zoom, zoom, zoom);
					}
				title(g, p.title(), x0, TITLE - 4);
			}
		} finally {
			g.dispose();
		}
		return img;
	}

	public static void write(BufferedImage image, Path file) throws IOException {
		AtomicFiles.write(file, tmp -> {
			if (!ImageIO.write(image, "png", tmp.toFile())) throw new IOException("no PNG writer in this Java");
		});
	}

	private static void title(Graphics2D g, String text, int x, int y) {
		try {
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.BLACK);
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
			g.drawString(text, x, y);
		} catch (RuntimeException | InternalError | UnsatisfiedLinkError e) {
			// A machine without fonts still gets the pictures; the caller prints the titles too.
		}
	}
}
