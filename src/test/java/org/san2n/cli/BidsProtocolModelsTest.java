package org.san2n.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.san2n.study.ProtocolModels;
import org.san2n.study.ProtocolStudy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code san2n bids … --method san2n --protocol-models}: one model per gradient table, trained once on the protocol's
 * first scan and applied to its others, each sidecar naming the model and its SHA-256.
 */
class BidsProtocolModelsTest {

	/** A short training: these tests check what is trained and applied where, not how well. */
	static final String[] QUICK = { "--method", "san2n", "--epochs", "2", "--batch", "4", "--width", "8", "--patch", "8", "--stride", "4",
			"--flips", "none", "--quiet" };

	@TempDir
	static Path dir;
	static Path bids, out;
	static San2nCliTest.Result first;

	static String[] args(String... more) {
		List<String> a = new ArrayList<>(List.of("bids", bids.toString(), out.toString()));
		a.addAll(List.of(more));
		a.addAll(List.of(QUICK));
		return a.toArray(String[]::new);
	}

	@BeforeAll
	static void participantLevel() throws IOException {
		bids = ProtocolStudy.write(dir.resolve("bids"));
		out = dir.resolve("out");
		first = San2nCliTest.run(args("participant", "--protocol-models"));
	}

	static JsonObject json(Path p) throws IOException {
		return JsonParser.parseString(Files.readString(p)).getAsJsonObject();
	}

	static Path sidecar(String scan) {
		return out.resolve(scan.replace("_dwi.nii.gz", "_desc-denoised_dwi.json"));
	}

	@Test
	void eachProtocolsModelIsTrainedOnItsFirstScanAndAppliedToTheOthers() throws IOException {
		assertEquals(0, first.code(), first.out() + first.err());
		assertTrue(first.out().contains("participant level: 4 scans: 4 done, 0 skipped, 0 failed"), first.out());
		Path p = out.resolve("models/acq-p_dwi.san2n"), q = out.resolve("models/acq-p_dwi_2.san2n");
		assertTrue(Files.isRegularFile(p) && Files.isRegularFile(q), "one model per table");
		String sha = ProtocolModels.sha256(p);
		for (int i = 0; i < 3; i++) {
			JsonObject side = json(sidecar(ProtocolStudy.SCANS[i]));
			JsonObject model = side.getAsJsonObject("model");
			assertEquals("models/acq-p_dwi.san2n", model.get("file").getAsString(), side.toString());
			assertEquals(sha, model.get("sha256").getAsString());
			assertEquals("bids:raw:" + ProtocolStudy.SCANS[0], model.get("trained_on").getAsString());
			assertEquals("san2n", side.get("method").getAsString());
			assertTrue(side.get("Description").getAsString().contains(i == 0 ? "trained on this scan" : "by its protocol's model"),
					side.get("Description").getAsString());
		}
		JsonObject fourth = json(sidecar(ProtocolStudy.SCANS[3])).getAsJsonObject("model");
		assertEquals("models/acq-p_dwi_2.san2n", fourth.get("file").getAsString());
		assertEquals(ProtocolModels.sha256(q), fourth.get("sha256").getAsString());
		JsonObject record = json(out.resolve("models/acq-p_dwi.json"));
		assertEquals(sha, record.get("sha256").getAsString());
		assertEquals("bids:raw:" + ProtocolStudy.SCANS[0], record.get("trained_on").getAsString());
		assertEquals("true", json(out.resolve("dataset_description.json")).getAsJsonArray("GeneratedBy").get(0).getAsJsonObject()
				.getAsJsonObject("Settings").get("protocol_models").getAsString());
		// Trained on sub-01, applied to the others: the log says so, and only two trainings ran.
		assertEquals(2, first.err().split("training its model on", -1).length - 1, first.err());
	}

	@Test
	void aModelIsTrainedOnceARerunDoesNoWorkAndOverwriteRedoesTheScansWithTheSameModel() throws IOException {
		Path p = out.resolve("models/acq-p_dwi.san2n");
		FileTime trained = Files.getLastModifiedTime(p);
		String sha = ProtocolModels.sha256(p);
		San2nCliTest.Result again = San2nCliTest.run(args("participant", "--protocol-models"));
		assertEquals(0, again.code(), again.out() + again.err());
		assertTrue(again.out().contains("0 done, 4 skipped, 0 failed"), again.out());
		San2nCliTest.Result level = San2nCliTest.run(args("protocol", "--protocol-models"));
		assertEquals(0, level.code(), level.out() + level.err());
		assertTrue(level.out().contains("protocol acq-p_dwi (3 scans): skipped (models/acq-p_dwi.san2n is there"), level.out());
		San2nCliTest.Result redo = San2nCliTest.run(args("participant", "--protocol-models", "--participant-label", "02", "--overwrite"));
		assertEquals(0, redo.code(), redo.out() + redo.err());
		assertTrue(redo.out().contains("1 scan: 1 done"), redo.out());
		assertFalse(redo.err().contains("training its model"), "--overwrite redoes scans, not models");
		assertEquals(trained, Files.getLastModifiedTime(p));
		assertEquals(sha, json(sidecar(ProtocolStudy.SCANS[1])).getAsJsonObject("model").get("sha256").getAsString());
	}

	@Test
	void theProtocolLevelTrainsOneNamedModelAndRefusesAnUnknownName() throws IOException {
		Path other = dir.resolve("other");
		List<String> a = new ArrayList<>(List.of("bids", bids.toString(), other.toString(), "protocol", "--protocol-models",
				"--protocol-label", "acq-p_dwi_2"));
		a.addAll(List.of(QUICK));
		San2nCliTest.Result r = San2nCliTest.run(a.toArray(String[]::new));
		assertEquals(0, r.code(), r.out() + r.err());
		assertTrue(r.out().contains("protocol acq-p_dwi_2 (1 scans): done (models/acq-p_dwi_2.san2n trained on " + ProtocolStudy.SCANS[3]),
				r.out());
		assertTrue(Files.isRegularFile(other.resolve("models/acq-p_dwi_2.san2n")));
		assertFalse(Files.exists(other.resolve("models/acq-p_dwi.san2n")), "only the named protocol's model");
		assertTrue(Files.isRegularFile(sidecar(ProtocolStudy.SCANS[3]).getFileSystem().getPath(other.toString(),
				ProtocolStudy.SCANS[3].replace("_dwi.nii.gz", "_desc-denoised_dwi.json"))), "the scan trained on is denoised");
		a.set(6, "acq-x_dwi");
		San2nCliTest.Result bad = San2nCliTest.run(a.toArray(String[]::new));
		assertEquals(1, bad.code(), bad.out() + bad.err());
		assertTrue(bad.err().contains("no protocol 'acq-x_dwi'") && bad.err().contains("acq-p_dwi, acq-p_dwi_2"), bad.err());
	}

	@Test
	void protocolModelsNeedATrainingMethodNoModelAndTheirOwnDerivatives() {
		San2nCliTest.Result mppca = San2nCliTest.run("bids", bids.toString(), dir.resolve("m").toString(), "participant", "--protocol-models");
		assertEquals(1, mppca.code());
		assertTrue(mppca.err().contains("--protocol-models") && mppca.err().contains("--method san2n"), mppca.err());
		San2nCliTest.Result label = San2nCliTest.run("bids", bids.toString(), dir.resolve("m").toString(), "participant", "--protocol-label",
				"x");
		assertEquals(2, label.code());
		assertTrue(label.err().contains("--protocol-label"), label.err());
		// A derivatives dataset made with protocol models takes no scan denoised without them, and the other way round.
		San2nCliTest.Result mixed = San2nCliTest.run(args("participant"));
		assertEquals(1, mixed.code(), mixed.out() + mixed.err());
		assertTrue(mixed.err().contains("protocol_models true") && mixed.err().contains("one set of settings"), mixed.err());
	}
}
