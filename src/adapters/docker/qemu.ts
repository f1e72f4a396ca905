// QEMU emulation for a platform the builder cannot build natively: a binfmt handler that is
// registered already, or one registered with update-binfmts.

import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ToolError } from '../../domain/errors.js';
import { quote } from '../../domain/escape.js';
import { execTool } from '../exec.js';

export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';

const QEMU_HANDLERS: Record<string, string> = {
  amd64: 'qemu-x86_64',
  arm64: 'qemu-aarch64',
  arm: 'qemu-arm',
  '386': 'qemu-i386',
  ppc64le: 'qemu-ppc64le',
  s390x: 'qemu-s390x',
  riscv64: 'qemu-riscv64',
  mips64le: 'qemu-mips64el',
  loong64: 'qemu-loongarch64',
};

// A builder lists the platforms it found when it started; a binfmt handler registered with the
// `F` flag (as qemu-user-static's are) runs foreign binaries in any container from then on.
export async function ensureEmulation(platform: string, supported: string[], binfmtDir: string, env: Record<string, string>) {
  const arch = platform.split('/')[1] ?? '';
  const handler = QEMU_HANDLERS[arch];
  const cannot = `the builder cannot build ${quote(platform)} (it supports ${supported.join(', ') || 'nothing'})`;
  if (!platform.startsWith('linux/') || handler === undefined) {
    throw new ToolError(`${cannot}, and no QEMU emulation is known for it`);
  }
  if (await handlerEnabled(binfmtDir, handler)) return;
  const registered = await execTool('update-binfmts', ['--enable', handler], { env });
  if (registered.code === 0 && (await handlerEnabled(binfmtDir, handler))) {
    core.info(`Registered QEMU emulation ${handler} for ${platform}`);
    return;
  }
  throw new ToolError(
    `${cannot}: no QEMU binfmt handler ${quote(handler)} is registered in ${binfmtDir}` +
      (registered.code === 127 ? ' and update-binfmts is not installed' : `, and update-binfmts --enable ${handler} failed`) +
      '. Install qemu-user-static and binfmt-support, or run docker/setup-qemu-action before this step.',
  );
}

async function handlerEnabled(binfmtDir: string, handler: string): Promise<boolean> {
  try {
    const status = await readFile(join(binfmtDir, handler), 'utf8');
    return status.split('\n')[0]?.trim() === 'enabled';
  } catch {
    return false;
  }
}
