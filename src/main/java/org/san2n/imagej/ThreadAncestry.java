package org.san2n.imagej;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * This thread and the threads that started it, as far as they are known: how the ImageJ front ends tell who
 * called a command (a macro's thread, ImageJ 1.x's command runner) when SciJava runs it on a thread of its own.
 */
final class ThreadAncestry {

	private ThreadAncestry() {}

	/**
	 * True when {@code test} holds for this thread or one of its ancestors.
	 *
	 * @param parentOf the thread that started a given thread (SciJava's ThreadService knows), or null when unknown
	 */
	static boolean any(UnaryOperator<Thread> parentOf, Predicate<Thread> test) {
		Set<Thread> seen = new HashSet<>();
		for (Thread t = Thread.currentThread(); t != null && seen.add(t); t = parentOf.apply(t))
			if (test.test(t)) return true;
		return false;
	}
}
