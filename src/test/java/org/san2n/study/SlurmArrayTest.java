package org.san2n.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The parts of a SLURM plan that need no dataset: the jobs' JVM heap. */
class SlurmArrayTest {

	static final List<String> JAVA = List.of("/usr/bin/java", "-jar", "/opt/san2n.jar");

	@Test
	void eachJobsHeapIsItsMemoryLessTheNativePart() {
		SlurmArray.Cluster c = new SlurmArray.Cluster(JAVA, "", "");
		assertEquals(List.of("/usr/bin/java", "-Xmx924m", "-jar", "/opt/san2n.jar"), c.command(1436, false));
		// A network: PyTorch's memory is outside the heap too.
		assertEquals(List.of("/usr/bin/java", "-Xmx1609m", "-jar", "/opt/san2n.jar"), c.command(2633, true));
		assertEquals(1436, c.memoryMiB(1436, false));
	}

	@Test
	void theUsersJvmOptionsAreCarriedAndAHeapTheyGiveRaisesTheMemory() {
		List<String> carried = SlurmArray.carriedJvmOptions(List.of("-Dfoo=bar", "-Xmx6g", "-XX:+UseG1GC", "-javaagent:x.jar", "-Xss2m"));
		assertEquals(List.of("-Xmx6g", "-XX:+UseG1GC"), carried);
		SlurmArray.Cluster c = new SlurmArray.Cluster(JAVA, carried, "", "");
		assertEquals(List.of("/usr/bin/java", "-Xmx6g", "-XX:+UseG1GC", "-jar", "/opt/san2n.jar"), c.command(7000, false), "no second -Xmx");
		assertEquals(6144 + 512, c.memoryMiB(1436, false), "the heap given and the JVM's own memory");
		assertEquals(6144 + 1024, c.memoryMiB(1436, true));
		assertEquals(9000, c.memoryMiB(9000, false), "a larger bound stays");
		assertEquals(2048, SlurmArray.heapMiB(List.of("-XX:MaxHeapSize=2147483648")));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> new SlurmArray.Cluster(JAVA, List.of("-Xmxlots"), "", ""));
		assertTrue(e.getMessage().contains("-Xmxlots"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new SlurmArray.Cluster(List.of("san2n"), "", ""), "java comes first");
	}
}
