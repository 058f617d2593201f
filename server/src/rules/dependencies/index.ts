import type { AnyRule } from '../../engine/file-rule';
import typosquattedDependency from './typosquatted-dependency';
import unpinnedDependency from './unpinned-dependency';
import rangeInLibraryWithoutLock from './range-in-library-without-lock';
import missingHash from './missing-hash';
import pylockArtifactWithoutHash from './pylock-artifact-without-hash';
import notHashPinned from './not-hash-pinned';
import vcsUnpinnedRef from './vcs-unpinned-ref';
import insecureIndexUrl from './insecure-index-url';
import trustedHost from './trusted-host';
import extraIndexUrl from './extra-index-url';
import malformedManifest from './malformed-manifest';
import unresolvableInclude from './unresolvable-include';
import unregisteredDependency from './unregistered-dependency';
import importTyposquat from './import-typosquat';
import importUndeclared from './import-undeclared';
import importUnpinned from './import-unpinned';
import importNotOnPypi from './import-not-on-pypi';
import vulnerableDependency from './vulnerable-dependency';
import vulnerableLowerBound from './vulnerable-lower-bound';
import maliciousPackage from './malicious-package';

export const dependencyRules: AnyRule[] = [
  typosquattedDependency,
  unpinnedDependency,
  rangeInLibraryWithoutLock,
  missingHash,
  pylockArtifactWithoutHash,
  notHashPinned,
  vcsUnpinnedRef,
  insecureIndexUrl,
  trustedHost,
  extraIndexUrl,
  malformedManifest,
  unresolvableInclude,
  unregisteredDependency,
  importTyposquat,
  importUndeclared,
  importUnpinned,
  importNotOnPypi,
  vulnerableDependency,
  vulnerableLowerBound,
  maliciousPackage,
];
