import yamlLoad from './yaml-load';
import pickleDeserialization from './pickle-deserialization';
import shelveOpen from './shelve-open';
import marshalLoad from './marshal-load';
import torchLoadWithoutWeightsOnly from './torch-load-without-weights-only';
import numpyLoadAllowPickle from './numpy-load-allow-pickle';
import jsonpickleDecode from './jsonpickle-decode';
import pandasReadPickle from './pandas-read-pickle';
import joblibLoad from './joblib-load';
import langchainDangerousDeserialization from './langchain-dangerous-deserialization';
import kerasUnsafeMode from './keras-unsafe-mode';

export const deserializationRules = [
  pickleDeserialization,
  shelveOpen,
  marshalLoad,
  yamlLoad,
  torchLoadWithoutWeightsOnly,
  numpyLoadAllowPickle,
  jsonpickleDecode,
  pandasReadPickle,
  joblibLoad,
  langchainDangerousDeserialization,
  kerasUnsafeMode,
];
