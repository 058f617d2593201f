// Every flow model Pyward ships, framework by framework.
import type { FlowModel } from '../spec';
import { aiohttp } from './aiohttp';
import { django } from './django';
import { fastapi } from './fastapi';
import { flask } from './flask';
import { libraries } from './libraries';
import { llm } from './llm';
import { stdlib } from './stdlib';
import { tornado } from './tornado';

export const FLOW_MODELS: readonly FlowModel[] = [stdlib, flask, django, fastapi, aiohttp, tornado, llm, libraries];
