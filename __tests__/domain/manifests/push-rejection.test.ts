import { describe, expect, it } from 'vitest';
import { classifyPushFailure } from '../../../src/domain/manifests/push-rejection.js';

// Outputs of real `git push` runs (git 2.39 against local bare repositories), stdout and
// stderr joined as the stage joins them, plus messages GitHub's servers give.
const FETCH_FIRST_PORCELAIN = `To ../r.git
!\tHEAD:refs/heads/m\t[rejected] (fetch first)
Done
error: failed to push some refs to '../r.git'
hint: Updates were rejected because the remote contains work that you do
hint: not have locally. This is usually caused by another repository pushing
hint: to the same ref. You may want to first integrate the remote changes
hint: (e.g., 'git pull ...') before pushing again.
hint: See the 'Note about fast-forwards' in 'git push --help' for details.`;

const FETCH_FIRST_HUMAN = `To ../r.git
 ! [rejected]        HEAD -> m (fetch first)
error: failed to push some refs to '../r.git'
hint: Updates were rejected because the remote contains work that you do
hint: not have locally. This is usually caused by another repository pushing`;

const NON_FAST_FORWARD = `To ../r.git
!\tHEAD:refs/heads/m\t[rejected] (non-fast-forward)
Done
error: failed to push some refs to '../r.git'
hint: Updates were rejected because a pushed branch tip is behind its remote
hint: counterpart. Check out this branch and integrate the remote changes`;

const STALE_INFO = `To ../r.git
 ! [rejected]        HEAD -> m (stale info)
error: failed to push some refs to '../r.git'`;

const MOVED_DURING_PUSH = `To ../r.git
!\tHEAD:refs/heads/m\t[remote rejected] (failed to update ref)
Done
remote: error: cannot lock ref 'refs/heads/m': is at 60e3241b0e6f52493af4a6afbb08aabfec3eeb1f but expected 6252ac0e79917ba0b9df023d0183e196f9b49d70        
error: failed to push some refs to '../r.git'`;

const LOCKED = `To ../r.git
 ! [remote rejected] HEAD -> m (failed to update ref)
remote: error: cannot lock ref 'refs/heads/m': Unable to create '/srv/r.git/./refs/heads/m.lock': File exists.        
remote: 
remote: Another git process seems to be running in this repository, e.g.        
error: failed to push some refs to '../r.git'`;

const GITHUB_CANNOT_LOCK = `To https://github.com/acme/trading.git
 ! [remote rejected] 3f1c2d8e9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d -> manifests (cannot lock ref 'refs/heads/manifests': is at 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567 but expected 1b2c3d4e5f60718293a4b5c6d7e8f9012345678a)
error: failed to push some refs to 'https://github.com/acme/trading.git'`;

const GITHUB_INCORRECT_OLD_VALUE = `To https://github.com/acme/trading.git
!\t3f1c2d8e9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d:refs/heads/manifests\t[remote rejected] (incorrect old value provided)
Done
error: failed to push some refs to 'https://github.com/acme/trading.git'`;

const PROTECTED_BRANCH = `To ../r.git
!\tHEAD:refs/heads/m\t[remote rejected] (pre-receive hook declined)
Done
remote: GH006: Protected branch update failed for refs/heads/m.        
error: failed to push some refs to '../r.git'`;

const HOOK_DECLINED_SAYING_LOCK = `To ../r.git
!\tHEAD:refs/heads/m\t[remote rejected] (hook declined)
Done
remote: error: cannot lock ref 'refs/heads/m': is at 0000 but expected 6252ac0e79917ba0b9df023d0183e196f9b49d70        
remote: error: hook declined to update refs/heads/m        
error: failed to push some refs to '../r.git'`;

const SHALLOW = `To ../r.git
 ! [remote rejected] HEAD -> m (shallow update not allowed)
error: failed to push some refs to '../r.git'`;

const NO_REPOSITORY = `fatal: '../nope.git' does not appear to be a git repository
fatal: Could not read from remote repository.

Please make sure you have the correct access rights
and the repository exists.`;

const FORBIDDEN = `remote: Permission to acme/trading.git denied to github-actions[bot].
fatal: unable to access 'https://github.com/acme/trading.git/': The requested URL returned error: 403`;

const NO_HOST = `fatal: unable to access 'https://github.com/acme/trading.git/': Could not resolve host: github.com`;

// A branch named like a directory of an existing one, and the reverse (git 2.39, local bare
// repository; the same lines come back through smart HTTP, prefixed by `remote:`).
const BRANCH_UNDER_EXISTING = `To ../r.git
!\tHEAD:refs/heads/manifests/prod\t[remote rejected] (failed to update ref)
Done
remote: error: cannot lock ref 'refs/heads/manifests/prod': 'refs/heads/manifests' exists; cannot create 'refs/heads/manifests/prod'        
error: failed to push some refs to '../r.git'`;

const BRANCH_OVER_EXISTING = `To ../r.git
!\tHEAD:refs/heads/manifests\t[remote rejected] (failed to update ref)
Done
remote: error: cannot lock ref 'refs/heads/manifests': 'refs/heads/manifests/prod' exists; cannot create 'refs/heads/manifests'        
error: failed to push some refs to '../r.git'`;

const EMPTY_DIRECTORY_IN_THE_WAY = `To ../r.git
 ! [remote rejected] HEAD -> manifests (cannot lock ref 'refs/heads/manifests': there is a non-empty directory './refs/heads/manifests' blocking reference 'refs/heads/manifests')
error: failed to push some refs to '../r.git'`;

const SERVER_DIRECTORY_FILE_CONFLICT = `To https://git.example/acme/trading.git
 ! [remote rejected] HEAD -> manifests/prod (directory file conflict)
error: failed to push some refs to 'https://git.example/acme/trading.git'`;

describe('classifyPushFailure', () => {
  it.each([
    ['fetch first (porcelain)', FETCH_FIRST_PORCELAIN, 'moved', 'fetch first'],
    ['fetch first (human)', FETCH_FIRST_HUMAN, 'moved', 'fetch first'],
    ['non-fast-forward', NON_FAST_FORWARD, 'moved', 'non-fast-forward'],
    ['stale info', STALE_INFO, 'moved', 'stale info'],
    ['ref moved while the push was received', MOVED_DURING_PUSH, 'moved', 'failed to update ref'],
    ['ref locked by a concurrent push', LOCKED, 'moved', 'failed to update ref'],
    ['GitHub: cannot lock ref', GITHUB_CANNOT_LOCK, 'moved', "cannot lock ref 'refs/heads/manifests': is at 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567 but expected 1b2c3d4e5f60718293a4b5c6d7e8f9012345678a"],
    ['GitHub: incorrect old value', GITHUB_INCORRECT_OLD_VALUE, 'moved', 'incorrect old value provided'],
    ['hint only, no status line', 'hint: Updates were rejected because the remote contains work that you do\nhint: not have locally.', 'moved', ''],
    ['protected branch', PROTECTED_BRANCH, 'other', 'pre-receive hook declined'],
    ['a hook declining (even if it talks about locks)', HOOK_DECLINED_SAYING_LOCK, 'other', 'hook declined'],
    ['shallow update refused', SHALLOW, 'other', 'shallow update not allowed'],
    ['no such repository', NO_REPOSITORY, 'other', ''],
    ['permission denied', FORBIDDEN, 'other', ''],
    ['network', NO_HOST, 'other', ''],
    ['nothing at all', '', 'other', ''],
    ['a branch under an existing branch', BRANCH_UNDER_EXISTING, 'ref-conflict', "'refs/heads/manifests' exists; cannot create 'refs/heads/manifests/prod'"],
    ['a branch over existing branches', BRANCH_OVER_EXISTING, 'ref-conflict', "'refs/heads/manifests/prod' exists; cannot create 'refs/heads/manifests'"],
    ['a directory in the way', EMPTY_DIRECTORY_IN_THE_WAY, 'ref-conflict', "there is a non-empty directory './refs/heads/manifests' blocking reference 'refs/heads/manifests'"],
    ["a server's directory file conflict", SERVER_DIRECTORY_FILE_CONFLICT, 'ref-conflict', 'directory file conflict'],
  ])('%s', (_name, output, kind, reason) => {
    expect(classifyPushFailure(output)).toEqual({ kind, reason });
  });
});
