import yamlLoad from './yaml-load';

export const deserializationRules = [yamlLoad];
