// Projects: which folder a file belongs to, and which projects forget their facts when a file changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWithin, Projects } from '../../server/src/project/project';

test('a path is within a folder only below a separator', () => {
  assert.ok(isWithin('/work/app/requirements.txt', '/work/app'));
  assert.ok(isWithin('/work/app', '/work/app'));
  assert.ok(isWithin('/work/app/x', '/work/app/'));
  assert.ok(!isWithin('/work/application/requirements.txt', '/work/app'));
});

test('a changed file drops the facts of its own project, not of a sibling whose name it starts with', () => {
  const root = mkdtempSync(join(tmpdir(), 'pyward-projects-'));
  try {
    for (const name of ['app', 'app2']) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, 'requirements.txt'), 'requests==2.32.3\n');
    }
    const projects = new Projects([root]);
    const app = projects.forFile(join(root, 'app', 'main.py'));
    const app2 = projects.forFile(join(root, 'app2', 'main.py'));
    assert.equal(app.root, join(root, 'app'));
    let computed = 0;
    const fact = () => ++computed;
    app.fact('n', fact);
    app2.fact('n', fact);
    projects.changed(join(root, 'app2', 'requirements.txt'));
    assert.equal(app.fact('n', fact), 1, 'app keeps its fact');
    assert.equal(app2.fact('n', fact), 3, 'app2 computes it again');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('each folder gets the root a walk from it alone finds, whichever folders were asked first', () => {
  const root = mkdtempSync(join(tmpdir(), 'pyward-roots-'));
  try {
    // root/pyproject.toml, root/a/b (no marker), root/a/b/c/setup.py, root/a/b/c/d/e (no marker).
    writeFileSync(join(root, 'pyproject.toml'), '[project]\nname = "outer"\n');
    mkdirSync(join(root, 'a', 'b', 'c', 'd', 'e'), { recursive: true });
    writeFileSync(join(root, 'a', 'b', 'c', 'setup.py'), '');
    const folders = [join(root, 'a', 'b', 'c', 'd', 'e'), join(root, 'a'), join(root, 'a', 'b', 'c', 'd'), join(root, 'a', 'b'), join(root, 'a', 'b', 'c'), root];
    const alone = folders.map((folder) => new Projects([]).forFile(join(folder, 'x.py')).root);
    assert.deepEqual(alone, [join(root, 'a', 'b', 'c'), root, join(root, 'a', 'b', 'c'), root, join(root, 'a', 'b', 'c'), root]);
    for (const order of [folders, [...folders].reverse()]) {
      const projects = new Projects([]);
      const roots = new Map(order.map((folder) => [folder, projects.forFile(join(folder, 'x.py')).root]));
      assert.deepEqual(folders.map((folder) => roots.get(folder)), alone);
    }
    // Above a boundary nothing counts: the boundary is the root.
    const bounded = new Projects([join(root, 'a')]);
    assert.equal(bounded.forFile(join(root, 'a', 'b', 'x.py')).root, join(root, 'a'));
    assert.equal(bounded.forFile(join(root, 'a', 'b', 'c', 'd', 'e', 'x.py')).root, join(root, 'a', 'b', 'c'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
