// Django view parameters the URL cannot set: a URLconf's extra keyword arguments are the
// project's configuration, the URL pattern's captures are input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { capturesIn } from '../../server/src/engine/flow/url-captures';
import { auditPaths } from '../../server/src/workspace/audit';
import { tempProject } from '../cli/temp-project';

const VIEWS = `from django.shortcuts import redirect


def go(request, target, fallback):
    if request.GET.get("help"):
        return redirect(fallback)
    return redirect(target)
`;

/** The traced findings of views.py, as `line:rule`. */
async function tracedInViews(files: Record<string, string>): Promise<string[]> {
  const root = tempProject({ 'pyproject.toml': '', 'app/__init__.py': '', 'app/views.py': VIEWS, ...files });
  const result = await auditPaths([root], { jobs: 1, boundaries: [root] });
  const views = result.files.find((file) => file.relativePath === 'app/views.py');
  const text = VIEWS;
  return (views?.findings ?? []).filter((finding) => finding.traced).map((finding) => `${text.slice(0, finding.start).split('\n').length}:${finding.ruleId}`);
}

test('a view parameter no URL pattern captures comes from the URLconf: not input', async () => {
  const urls = 'from django.urls import path\n\nfrom . import views\n\nurlpatterns = [path("go/<slug:target>/", views.go, {"fallback": "/help/"})]\n';
  assert.deepEqual(await tracedInViews({ 'app/urls.py': urls }), ['7:PWT003']);
  // A regex pattern's named groups capture too.
  const named = 'from django.urls import re_path\n\nfrom . import views\n\nurlpatterns = [re_path(r"^go/(?P<fallback>[-\\w]+)/(?P<target>(a|b))/$", views.go)]\n';
  assert.deepEqual(await tracedInViews({ 'app/urls.py': named }), ['6:PWT003', '7:PWT003']);
});

test('without URLconfs, or with a pattern whose groups arrive by position, every view parameter is input', async () => {
  assert.deepEqual(await tracedInViews({}), ['6:PWT003', '7:PWT003']);
  const positional = 'from django.urls import re_path\n\nfrom . import views\n\nurlpatterns = [re_path(r"^go/(\\w+)/$", views.go, {"fallback": "/help/"})]\n';
  assert.deepEqual(await tracedInViews({ 'app/urls.py': positional }), ['6:PWT003', '7:PWT003']);
  // A pattern capturing by position for another view leaves this one's extra arguments alone.
  const elsewhere = 'from django.urls import path, re_path\n\nfrom . import views\n\nurlpatterns = [\n    re_path(r"^old/(\\w+)/$", views.legacy),\n    path("go/<slug:target>/", views.go, {"fallback": "/help/"}),\n]\n';
  assert.deepEqual(await tracedInViews({ 'app/urls.py': elsewhere }), ['7:PWT003']);
});

test('a view no URLconf names is routed by none: its parameters are its callers\' arguments, its request still input', async () => {
  // Django's own `technical_500_response(request, exc_type, exc_value, tb)`, called by its handlers.
  const other = 'from django.urls import path\n\nfrom . import views\n\nurlpatterns = [path("home/", views.home)]\n';
  assert.deepEqual(await tracedInViews({ 'app/urls.py': other }), []);
  // A pattern capturing by position for an include'd URLconf: a view that is named still gets every parameter as input.
  const included = 'from django.urls import include, path, re_path\n\nfrom . import views\n\nurlpatterns = [\n    re_path(r"^v(\\d+)/", include("app.api")),\n    path("go/<slug:target>/", views.go),\n]\n';
  assert.deepEqual(await tracedInViews({ 'app/urls.py': included }), ['6:PWT003', '7:PWT003']);
  assert.deepEqual(await tracedInViews({ 'app/urls.py': included.replace('"go/<slug:target>/", views.go', '"next/<slug:target>/", views.home') }), []);
});

test('an audit reads the URLconfs as they are then: a second audit in the same process sees an edit', async () => {
  const root = tempProject({ 'pyproject.toml': '', 'app/__init__.py': '', 'app/views.py': VIEWS });
  const urls = (captures: string) => `from django.urls import path\n\nfrom . import views\n\nurlpatterns = [path("${captures}", views.go)]\n`;
  const traced = async () => {
    const result = await auditPaths([root], { jobs: 1, boundaries: [root] });
    const views = result.files.find((file) => file.relativePath === 'app/views.py');
    return (views?.findings ?? []).filter((finding) => finding.traced).map((finding) => `${VIEWS.slice(0, finding.start).split('\n').length}:${finding.ruleId}`);
  };
  writeFileSync(join(root, 'app/urls.py'), urls('go/<slug:target>/'));
  assert.deepEqual(await traced(), ['7:PWT003']);
  writeFileSync(join(root, 'app/urls.py'), urls('go/<slug:target>/<path:fallback>/'));
  assert.deepEqual(await traced(), ['6:PWT003', '7:PWT003']);
});

test('captures are read from path converters and named groups; unnamed groups count only in a pattern without names', () => {
  assert.deepEqual(capturesIn('path("a/<int:pk>/<slug>/", v)\nre_path(r"^(?P<version>(v0.1))/", include(x))'), { names: ['pk', 'slug', 'version'], positionalViews: [] });
  assert.deepEqual(capturesIn('url(r"^archive/(\\d{4})/$", v)').positionalViews, ['v']);
  assert.deepEqual(capturesIn('url(r"^\\(literal\\)/$", v)').positionalViews, []);
  // The views of positional patterns: a function's name, a class-based view's; unknown for an include.
  assert.deepEqual(capturesIn('url(r"^a/(\\d+)/$", views.archive)\nre_path(r"^b/(\\w+)/$", Detail.as_view(), name="b")').positionalViews, ['archive', 'Detail']);
  assert.equal(capturesIn('url(r"^c/(\\d+)/", include("c.urls"))').positionalViews, undefined);
});
