package org.san2n.scijava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.cli.San2nCli;
import org.san2n.nifti.NiftiReader;
import org.san2n.study.SyntheticStudy;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** SAN2N Batch headless with a SciJava context, as a headless Fiji macro runs it, on the synthetic study. */
class BatchCommandTest {

	@TempDir
	static Path dir;
	static Context context;
	static CommandService commands;

	@BeforeAll
	static void setUp() {
		context = new Context(CommandService.class, StatusService.class, FailureLog.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void tearDown() {
		context.dispose();
	}

	@Test
	void writesTheSameDerivativesAsTheBidsAppReportsTheBrokenScanAndARerunDoesNoWork() throws Exception {
		Path bids = SyntheticStudy.write(dir.resolve("bids")), fiji = bids.resolve("derivatives/fiji"), cli = bids.resolve("derivatives/cli");
		Map<String, Object> in = new HashMap<>();
		in.put("bids_dir", bids.toFile());
		in.put("output_dir", fiji.toFile());
		in.put("mppca_stride", 2);
		// sub-03's scan is truncated: the others are done, then the command fails naming it.
		CommandFailedException f = failure(in);
		assertTrue(f.getMessage().contains("5 scans: 4 done, 0 skipped, 1 failed") && f.getMessage().contains(SyntheticStudy.BROKEN), f.getMessage());
		assertEquals(null, ij.WindowManager.getIDList(), "no image window opened");

		assertEquals(1, San2nCli.run("bids", bids.toString(), cli.toString(), "participant", "--mppca-stride", "2", "--quiet"));
		for (String scan : java.util.List.of(SyntheticStudy.SCANS).subList(0, 4)) {
			String denoised = scan.replace("_dwi.nii.gz", "_desc-denoised_dwi");
			float[] a = NiftiReader.read(fiji.resolve(denoised + ".nii.gz")).data().update(null).getCurrentStorageArray(),
					b = NiftiReader.read(cli.resolve(denoised + ".nii.gz")).data().update(null).getCurrentStorageArray();
			assertArrayEquals(b, a, "the same voxels as san2n bids: " + scan);
			assertEquals(Files.readString(cli.resolve(denoised + ".bval")), Files.readString(fiji.resolve(denoised + ".bval")));
			JsonObject x = json(fiji.resolve(denoised + ".json")), y = json(cli.resolve(denoised + ".json"));
			for (String volatileKey : Set.of("seconds", "time", "date", "started", "machine_seconds"))
				for (JsonObject o : new JsonObject[] { x, y })
					o.remove(volatileKey);
			assertEquals(y.keySet(), x.keySet(), "the same sidecar keys");
			assertEquals(y.get("Sources"), x.get("Sources"));
			assertEquals(y.get("noise_sigma"), x.get("noise_sigma"));
			assertEquals(2, x.get("mppca_stride").getAsInt(), "the settings given reach every scan");
		}
		assertEquals(json(cli.resolve("dataset_description.json")).getAsJsonArray("GeneratedBy").get(0).getAsJsonObject().get("Settings"),
				json(fiji.resolve("dataset_description.json")).getAsJsonArray("GeneratedBy").get(0).getAsJsonObject().get("Settings"));

		// A rerun of sub-01 does no work.
		in.put("participant_label", "sub-01");
		CommandModule m = commands.run(BatchCommand.class, true, in).get();
		assertEquals("2 scans: 0 done, 2 skipped, 0 failed; derivatives in " + fiji, ((BatchCommand) m.getDelegateObject()).summary);
	}

	/** The failure a script sees: CommandService's future throws, with the command's one-line message. */
	static CommandFailedException failure(Map<String, Object> inputs) {
		java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
				() -> commands.run(BatchCommand.class, true, inputs).get());
		for (Throwable c = e; c != null; c = c.getCause())
			if (c instanceof CommandFailedException f) {
				assertTrue(!f.getMessage().contains("\n"), "one line: " + f.getMessage());
				return f;
			}
		throw new AssertionError("no CommandFailedException in the chain of " + e, e);
	}

	static JsonObject json(Path p) throws java.io.IOException {
		return JsonParser.parseString(Files.readString(p)).getAsJsonObject();
	}
}
