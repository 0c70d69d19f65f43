/** Makes the engine the settings ask for. Each engine module is loaded only when chosen. */
import type { SandboxSettings } from '../../analysis/config/settings';
import type { Engine } from '../types';

export interface CreateEngineOptions {
  /** The engine serves one run and stops (the CLI): caching baselines for later runs only costs time. */
  oneShot?: boolean;
}

export function createEngine(settings: SandboxSettings, env: NodeJS.ProcessEnv = process.env, options: CreateEngineOptions = {}): Engine {
  switch (settings.engine) {
    case 'container': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { ContainerEngine } = require('./container') as typeof import('./container');
      return ContainerEngine.fromSettings(settings, env);
    }
    case 'url': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { UrlEngine } = require('./url') as typeof import('./url');
      return UrlEngine.fromSettings(settings, env);
    }
    default: {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { EmbeddedEngine } = require('./embedded') as typeof import('./embedded');
      return new EmbeddedEngine({ cacheBaselines: !options.oneShot });
    }
  }
}
