package org.san2n.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans grouped by gradient table: one protocol per table (up to volume order), names, unreadable tables, a model file that is not one. */
class ProtocolModelsTest {

	@TempDir
	Path dir;

	private static List<String> relative(ProtocolModels.Protocol p) {
		return p.scans().stream().map(BidsScan::relative).toList();
	}

	@Test
	void scansWithOneTableAreOneProtocolAndAnotherTableIsAnotherWithItsOwnName() throws IOException {
		Path bids = ProtocolStudy.write(dir.resolve("bids")), out = dir.resolve("out");
		BidsLayout layout = BidsLayout.open(bids, out);
		ProtocolModels.Grouping g = ProtocolModels.group(layout, layout.scans(List.of(), List.of()), out);
		assertEquals(2, g.protocols().size(), g.toString());
		ProtocolModels.Protocol p = g.protocols().get(0), q = g.protocols().get(1);
		assertEquals("acq-p_dwi", p.name());
		// sub-03's table lists the same volumes in reverse order: the same protocol.
		assertEquals(List.of(ProtocolStudy.SCANS[0], ProtocolStudy.SCANS[1], ProtocolStudy.SCANS[2]), relative(p));
		assertEquals("acq-p_dwi_2", q.name(), "the same entities, another table: another name");
		assertEquals(List.of(ProtocolStudy.SCANS[3]), relative(q));
		assertEquals(out.resolve("models/acq-p_dwi_2.san2n"), q.model(out));
		assertTrue(g.unread().isEmpty());
		assertEquals("acq-p_dwi_2", g.named("acq-p_dwi_2").name());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.named("acq-x_dwi"));
		assertTrue(e.getMessage().contains("'acq-x_dwi'") && e.getMessage().contains("acq-p_dwi, acq-p_dwi_2"), e.getMessage());
	}

	@Test
	void aScanWhoseTableCannotBeReadIsInNoProtocolWithTheReason() throws IOException {
		Path bids = ProtocolStudy.write(dir.resolve("bids")), out = dir.resolve("out");
		Files.writeString(bids.resolve("sub-04/dwi/sub-04_acq-p_dwi.bval"), "0 1000 oops\n");
		BidsLayout layout = BidsLayout.open(bids, out);
		List<BidsScan> scans = layout.scans(List.of(), List.of());
		ProtocolModels.Grouping g = ProtocolModels.group(layout, scans, out);
		assertEquals(1, g.protocols().size());
		assertNull(g.of(scans.get(3)));
		String why = g.unread().get(scans.get(3));
		assertTrue(why.startsWith("its gradient table cannot be read") && why.contains("sub-04_acq-p_dwi.bval"), why);
	}

	@Test
	void aModelFileThatCannotBeReadIsNamedRatherThanTrainedOver() throws IOException {
		Path bids = ProtocolStudy.write(dir.resolve("bids")), out = dir.resolve("out");
		Files.createDirectories(out.resolve("models"));
		Files.writeString(out.resolve("models/acq-p_dwi.san2n"), "not a zip");
		BidsLayout layout = BidsLayout.open(bids, out);
		IOException e = assertThrows(IOException.class, () -> ProtocolModels.group(layout, layout.scans(List.of(), List.of()), out));
		assertTrue(e.getMessage().contains("acq-p_dwi.san2n") && e.getMessage().contains("remove it"), e.getMessage());
	}

	@Test
	void sha256IsTheFilesDigest() throws IOException {
		Path f = Files.writeString(dir.resolve("abc"), "abc");
		assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ProtocolModels.sha256(f));
	}
}
