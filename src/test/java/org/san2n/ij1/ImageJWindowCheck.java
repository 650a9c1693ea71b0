package org.san2n.ij1;

import java.awt.Frame;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.ImageWindow;
import ij.gui.PlotWindow;

/**
 * Not a unit test: starts a real ImageJ 1.x window (run it under Xvfb with {@code -Dplugins.dir} holding
 * the plugin jar), finds Plugins › SAN2N in the menu bar, opens the sample scan and denoises it through
 * those menu commands, and saves a screenshot. Exits 1 when an entry is missing or a step fails.
 * Arguments: sample-data folder, screenshot PNG, then the Denoise options (macro syntax).
 */
public final class ImageJWindowCheck {

	public static void main(String[] args) throws Exception {
		Path sample = Path.of(args[0]).toAbsolutePath();
		File png = new File(args[1]);
		String options = args.length > 2 ? args[2] : "";
		Thread watchdog = new Thread(() -> {
			try {
				// An error dialog is modal and would block the check until the time-out: fail at once, with its text.
				for (int waited = 0; waited < 15 * 60; waited += 2) {
					Thread.sleep(2000);
					for (java.awt.Window w : java.awt.Window.getWindows())
						if (w instanceof ij.gui.MessageDialog d && d.isVisible()) fail("an error dialog: " + d.getTitle() + ": " + text(d), png);
				}
				fail("gave up after 15 minutes", png);
			} catch (InterruptedException e) {
				// finished in time
			}
		});
		watchdog.setDaemon(true);
		watchdog.start();

		new ImageJ();
		List<String> entries = san2nMenu(Menus.getMenuBar());
		System.out.println("Plugins > SAN2N: " + entries);
		for (String label : new String[] { "SAN2N Train", "SAN2N Denoise", "Open NIfTI DWI...", "Save as NIfTI..." })
			if (!entries.contains(label)) fail("the Plugins > SAN2N menu has no '" + label + "' entry", png);
		int separator = entries.indexOf("-");
		if (separator < 0 || separator < entries.indexOf("SAN2N Denoise") || separator > entries.indexOf("Open NIfTI DWI..."))
			fail("the Plugins > SAN2N menu has no separator between Denoise and Open NIfTI DWI...: " + entries, png);

		IJ.run("Open NIfTI DWI...", "open=" + sample.resolve("dwi.nii.gz"));
		ImagePlus scan = WindowManager.getCurrentImage();
		if (scan == null || scan.getNFrames() != 32) fail("Open NIfTI DWI... did not open the 32-volume sample", png);
		scan.setPosition(1, scan.getNSlices() / 2, 2);

		IJ.run("SAN2N Denoise", "mask=" + sample.resolve("mask.nii.gz") + " method=san2n " + options);
		ImagePlus denoised = WindowManager.getCurrentImage();
		if (denoised == null || denoised == scan || !denoised.getTitle().equals("dwi-SAN2N"))
			fail("SAN2N Denoise did not show a denoised image (current: "
					+ (denoised == null ? "none" : denoised.getTitle()) + ")", png);
		denoised.setPosition(1, scan.getNSlices() / 2, 2);
		PlotWindow plot = null;
		for (Frame f : Frame.getFrames())
			if (f instanceof PlotWindow p && f.isVisible() && p.getTitle().startsWith("SAN2N Denoise loss")) plot = p;
		if (plot == null) fail("no live loss plot window", png);

		arrange(scan, denoised, plot);
		Thread.sleep(2000);
		screenshot(png);
		System.out.println("screenshot: " + png + " (ImageJ with " + scan.getTitle() + ", " + denoised.getTitle() + " and "
				+ plot.getTitle() + ")");
		System.exit(0);
	}

	static List<String> san2nMenu(MenuBar bar) {
		List<String> labels = new ArrayList<>();
		for (int m = 0; m < bar.getMenuCount(); m++) {
			Menu menu = bar.getMenu(m);
			if (!"Plugins".equals(menu.getLabel())) continue;
			for (int i = 0; i < menu.getItemCount(); i++)
				if (menu.getItem(i) instanceof Menu sub && "SAN2N".equals(sub.getLabel()))
					for (int k = 0; k < sub.getItemCount(); k++) {
						MenuItem item = sub.getItem(k);
						labels.add(item.getLabel());
					}
		}
		return labels;
	}

	/** The scan and the result side by side at 6× zoom, the loss plot below them. */
	static void arrange(ImagePlus scan, ImagePlus denoised, PlotWindow plot) throws Exception {
		java.awt.EventQueue.invokeAndWait(() -> {
			IJ.getInstance().setLocation(0, 0);
			int top = IJ.getInstance().getHeight() + 10;
			int x = 0;
			for (ImagePlus imp : new ImagePlus[] { scan, denoised }) {
				ImageWindow w = imp.getWindow();
				w.getCanvas().setMagnification(6);
				w.getCanvas().setSize(imp.getWidth() * 6, imp.getHeight() * 6);
				w.pack();
				w.setLocation(x, top);
				x += w.getWidth() + 10;
			}
			plot.setLocation(x, top);
			// The Log window (the output check's line) below the images, clear of the plot.
			java.awt.Window log = ij.WindowManager.getWindow("Log");
			if (log != null) {
				log.setBounds(0, top + scan.getWindow().getHeight() + 160, 1100, 140);
				log.toFront();
			}
		});
	}

	static void screenshot(File png) throws Exception {
		Rectangle screen = new Rectangle(Toolkit.getDefaultToolkit().getScreenSize());
		BufferedImage shot = new Robot().createScreenCapture(screen);
		png.getAbsoluteFile().getParentFile().mkdirs();
		ImageIO.write(shot, "png", png);
	}

	/** The lines of a dialog's labels (ImageJ's MultiLineLabel keeps them in a field of its own). */
	static String text(java.awt.Container c) {
		StringBuilder b = new StringBuilder();
		for (java.awt.Component k : c.getComponents()) {
			if (k instanceof java.awt.Label l) b.append(l.getText()).append(' ');
			else if (k instanceof ij.gui.MultiLineLabel m) {
				try {
					java.lang.reflect.Field f = ij.gui.MultiLineLabel.class.getDeclaredField("lines");
					f.setAccessible(true);
					for (String line : (String[]) f.get(m))
						b.append(line).append(' ');
				} catch (ReflectiveOperationException e) {
					b.append("(unreadable label) ");
				}
			} else if (k instanceof java.awt.Container inner) b.append(text(inner));
		}
		return b.toString().trim();
	}

	static void fail(String why, File png) {
		System.out.println("FAIL: " + why);
		try {
			screenshot(new File(png.getPath().replace(".png", "-failed.png")));
		} catch (Exception e) {
			System.out.println("(no screenshot: " + e.getMessage() + ")");
		}
		System.exit(1);
	}
}
