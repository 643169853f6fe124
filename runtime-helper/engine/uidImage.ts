// updateRemoteUserUID: on Linux, give remoteUser the host user's UID/GID so files in
// the bind-mounted workspace keep their owner. Skipped for root on either side.
import type { Engine } from './engine';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressSink } from '../util/progress';
import { ok, type Result } from '../util/result';
import { buildImage } from './build';
import { uidImageName } from './imageName';

// Values arrive as build args, never pasted into the script.
const DOCKERFILE = `ARG BASE_IMAGE
FROM $BASE_IMAGE
ARG REMOTE_USER
ARG NEW_UID
ARG NEW_GID
USER root
RUN set -e; old_uid=$(id -u "$REMOTE_USER"); old_gid=$(id -g "$REMOTE_USER"); \\
    if [ "$old_uid" != "$NEW_UID" ] || [ "$old_gid" != "$NEW_GID" ]; then \\
      group=$(id -gn "$REMOTE_USER"); home=$(getent passwd "$REMOTE_USER" | cut -d: -f6); \\
      if ! getent group "$NEW_GID" >/dev/null; then groupmod -g "$NEW_GID" "$group"; fi; \\
      usermod -u "$NEW_UID" -g "$NEW_GID" "$REMOTE_USER"; \\
      chown -R "$NEW_UID:$NEW_GID" "$home" || true; \\
    fi
`;

export interface UidRequest {
  image: string;
  remoteUser: string;
  /** From the image's config; the container user when remoteUser is unset. */
  enabled: boolean;
}

export async function withHostUid(engine: Engine, req: UidRequest, progress: ProgressSink): Promise<Result<string>> {
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (!req.enabled || process.platform !== 'linux' || uid === undefined || gid === undefined || uid === 0 || req.remoteUser === 'root' || req.remoteUser === '0') {
    return ok(req.image);
  }
  const dir = mkdtempSync(join(tmpdir(), 'berth-uid-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    const built = await buildImage(
      engine,
      { dockerfile: join(dir, 'Dockerfile'), context: dir, imageName: uidImageName(req.image), args: { BASE_IMAGE: req.image, REMOTE_USER: req.remoteUser, NEW_UID: String(uid), NEW_GID: String(gid) } },
      (e) => progress({ ...e, phase: 'uid' }),
      { property: 'updateRemoteUserUID' },
    );
    return built.ok ? ok(built.value.imageName) : built;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
