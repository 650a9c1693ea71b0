package org.san2n.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.san2n.io.AtomicFiles;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;

/**
 * A {@code .san2n} model file: a zip holding {@code metadata.json} (what {@link ModelMetadata} says) and
 * {@code parameters.djl} (the network's weights as DJL's Block.saveParameters writes them).
 */
public final class ModelFile {

	static final String METADATA = "metadata.json";
	static final String PARAMETERS = "parameters.djl";
	/** Metadata over this is not ours: refuse before reading it all. */
	private static final int MAX_METADATA = 64 << 20;
	private static final int MAX_PARAMETERS = 1 << 30;

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

	private ModelFile() {}

	public static void write(San2nModel model, Path file) throws IOException {
		AtomicFiles.write(file, tmp -> {
			try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp));
					ZipOutputStream zip = new ZipOutputStream(raw)) {
				zip.putNextEntry(new ZipEntry(METADATA));
				zip.write(GSON.toJson(model.metadata()).getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
				zip.putNextEntry(new ZipEntry(PARAMETERS));
				DataOutputStream out = new DataOutputStream(zip);
				model.block().saveParameters(out);
				out.flush();
				zip.closeEntry();
			}
		});
	}

	/**
	 * Reads and validates a model file's metadata only (no network is built, PyTorch is not started): what a study
	 * reads to find the model for a gradient table.
	 *
	 * @throws IOException the file cannot be read, is not a model file, or its metadata are invalid (the message
	 *                     names the file and the reason)
	 */
	public static ModelMetadata readMetadata(Path file) throws IOException {
		return metadata(entries(file, false)[0], file);
	}

	/** The entries' bytes: metadata, then parameters (empty, not read, when {@code parameters} is false). */
	private static byte[][] entries(Path file, boolean parameters) throws IOException {
		byte[] metadataBytes = null, parameterBytes = null;
		try (InputStream raw = new BufferedInputStream(Files.newInputStream(file)); ZipInputStream zip = new ZipInputStream(raw)) {
			for (ZipEntry e; (e = zip.getNextEntry()) != null;) {
				if (METADATA.equals(e.getName())) metadataBytes = readLimited(zip, MAX_METADATA, file, METADATA);
				else if (PARAMETERS.equals(e.getName())) {
					if (!parameters) {
						parameterBytes = new byte[0];
						continue;
					}
					parameterBytes = readLimited(zip, MAX_PARAMETERS, file, PARAMETERS);
				}
			}
		} catch (NoSuchFileException e) {
			throw new NoSuchFileException(file.toString(), null, "no such model file");
		} catch (ZipException e) {
			throw new IOException(file + ": not a SAN2N model file (not a valid zip: " + e.getMessage() + ")", e);
		} catch (java.io.EOFException e) {
			throw new IOException(file + ": the model file ends too early (truncated or damaged: " + e.getMessage()
					+ "); write it again with train or --save-model", e);
		}
		if (metadataBytes == null || parameterBytes == null)
			throw new IOException(file + ": not a SAN2N model file (expected entries " + METADATA + " and " + PARAMETERS + ")");
		return new byte[][] { metadataBytes, parameterBytes };
	}

	private static ModelMetadata metadata(byte[] metadataBytes, Path file) throws IOException {
		ModelMetadata meta;
		try {
			meta = GSON.fromJson(new String(metadataBytes, StandardCharsets.UTF_8), ModelMetadata.class);
		} catch (JsonParseException | IllegalArgumentException e) {
			throw new IOException(file + ": unreadable model metadata: " + e.getMessage(), e);
		}
		validate(meta, file);
		return meta;
	}

	/** Reads and validates a model file; the model lives on {@code device}. */
	public static San2nModel read(Path file, Device device) throws IOException {
		byte[][] bytes = entries(file, true);
		ModelMetadata meta = metadata(bytes[0], file);
		byte[] parameterBytes = bytes[1];
		NDManager manager = ComputeDevice.engine().newBaseManager(device);
		try {
			SequentialBlock block = SNet.create(meta.channels(), meta.width(), meta.projection());
			SNet.initialize(block, manager, meta.trainedFor().inputChannels(meta.channels()), 0);
			java.util.List<ai.djl.ndarray.types.Shape> expected = new java.util.ArrayList<>();
			block.getParameters().forEach(p -> expected.add(p.getValue().getArray().getShape()));
			block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameterBytes)));
			// DJL takes whatever shapes the file holds; a mismatch would only fail later, mid-scan.
			int i = 0;
			for (var p : block.getParameters()) {
				ai.djl.ndarray.types.Shape got = p.getValue().getArray().getShape();
				if (!got.equals(expected.get(i++)))
					throw new IOException("parameter " + p.getKey() + " has shape " + got + ", expected " + expected.get(i - 1));
			}
			return new San2nModel(manager, block, meta);
		} catch (MalformedModelException | IOException | RuntimeException e) {
			manager.close();
			throw new IOException(file + ": the network's parameters do not fit a " + meta.channels() + "-channel SNet of width "
					+ meta.width() + (meta.projection() > 0 ? " after a q-space projection to " + meta.projection() + " channels" : "") + ": "
					+ e.getMessage(), e);
		}
	}

	private static void validate(ModelMetadata m, Path file) throws IOException {
		if (m == null || !ModelMetadata.FORMAT.equals(m.format()))
			throw new IOException(file + ": not a SAN2N model file (format '" + (m == null ? null : m.format()) + "')");
		if (m.inPlaneStep() < 0 || m.inPlaneStep() > 2)
			throw new IOException(file + ": inPlaneStep " + m.inPlaneStep() + " is not one this software knows (0 or 1: every voxel, "
					+ "2: every other voxel in-plane); the file is damaged or from another program");
		if (m.formatVersion() > ModelMetadata.FORMAT_VERSION)
			throw new IOException(file + ": model format version " + m.formatVersion() + " is newer than this software reads ("
					+ ModelMetadata.FORMAT_VERSION + "); update SAN2N");
		if (m.projection() < 0 || m.projection() > SNet.MAX_PROJECTION
				|| (m.projection() > 0 && m.formatVersion() < ModelMetadata.PROJECTED_VERSION))
			throw new IOException(file + ": q-space projection " + m.projection() + " in a version-" + m.formatVersion() + " model (expected "
					+ "0, or 1 to " + SNet.MAX_PROJECTION + " from version " + ModelMetadata.PROJECTED_VERSION
					+ "); the file is damaged or from another program");
		int n = m.channels();
		if (n < 1 || m.width() < 1) throw new IOException(file + ": channels " + n + " and width " + m.width() + " must be ≥ 1");
		if (m.bvals() == null || m.bvecs() == null || m.bvals().length != n || m.bvecs().length != n)
			throw new IOException(file + ": the gradient table does not have the model's " + n + " entries");
		if (m.sigma() == null || m.sigma().length != n)
			throw new IOException(file + ": expected " + n + " noise levels");
		if (!(m.scale() > 0) || Double.isInfinite(m.scale()))
			throw new IOException(file + ": intensity scale must be > 0, got " + m.scale());
		try {
			m.gradients();
		} catch (IllegalArgumentException e) {
			throw new IOException(file + ": bad gradient table: " + e.getMessage(), e);
		}
	}

	private static byte[] readLimited(InputStream in, int limit, Path file, String entry) throws IOException {
		byte[] bytes = in.readNBytes(limit + 1);
		if (bytes.length > limit) throw new IOException(file + ": entry " + entry + " is larger than " + limit + " bytes");
		return bytes;
	}
}
