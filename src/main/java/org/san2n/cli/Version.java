package org.san2n.cli;

import picocli.CommandLine.IVersionProvider;

final class Version implements IVersionProvider {

	@Override
	public String[] getVersion() {
		String v = San2nCli.class.getPackage().getImplementationVersion();
		return new String[] { "san2n " + (v == null ? "(development build)" : v) };
	}
}
