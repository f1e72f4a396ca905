// The image build: `docker buildx build` with its log streamed in a group (execTool stops
// workflow commands while it streams), and what buildx wrote to its metadata file.

import * as core from '@actions/core';
import { randomUUID } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolError } from '../../domain/errors.js';
import { METADATA_FILE_PLACEHOLDER } from '../../domain/types.js';
import type { RegistrySession } from './session.js';
import { execTool, outputTail, type ExecResult } from '../exec.js';

export interface BuildOutput {
  /** `containerimage.digest` of buildx's metadata file ('' when nothing was exported). */
  digest: string;
  metadata: Record<string, unknown>;
}

/**
 * Runs `docker <args>` (from buildx-args.ts) in the workspace with the build log streamed inside
 * a log group, and returns what buildx wrote to its metadata file.
 */
export async function buildAndPush(args: string[], session: RegistrySession, workspace: string): Promise<BuildOutput> {
  const metadataFile = join(session.configDir, `build-metadata-${randomUUID()}.json`);
  const argv = args.map((arg) => (arg === METADATA_FILE_PLACEHOLDER ? metadataFile : arg));
  try {
    const result = await streamInGroup('docker buildx build', () =>
      execTool('docker', argv, { env: session.env, cwd: workspace, stream: true }),
    );
    if (result.code !== 0) {
      throw new ToolError(`docker buildx build failed (exit code ${result.code}):\n${outputTail(result)}`);
    }
    const metadata = await readMetadata(metadataFile);
    const digest = metadata['containerimage.digest'];
    return { digest: typeof digest === 'string' ? digest : '', metadata };
  } finally {
    await rm(metadataFile, { force: true });
  }
}

async function streamInGroup(title: string, run: () => Promise<ExecResult>): Promise<ExecResult> {
  core.startGroup(title);
  try {
    return await run();
  } finally {
    core.endGroup();
  }
}

async function readMetadata(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {};
  }
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}
