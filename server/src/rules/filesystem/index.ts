import type { Rule } from '../../engine/rule';
import permissiveFilePermissions from './permissive-file-permissions';
import hardcodedTempDirectory from './hardcoded-temp-directory';
import insecureTempFile from './insecure-temp-file';
import osTempnam from './os-tempnam';
import tarfileUnsafeExtraction from './tarfile-unsafe-extraction';
import zipfilePathTraversal from './zipfile-path-traversal';

export const filesystemRules: Rule[] = [
  permissiveFilePermissions,
  hardcodedTempDirectory,
  insecureTempFile,
  osTempnam,
  tarfileUnsafeExtraction,
  zipfilePathTraversal,
];
