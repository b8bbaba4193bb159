// Cargo's configuration, looked up as cargo 1.95 does, and the registries it names.
export { CargoConfig, type LoadConfigOptions, type Setting } from './config.js';
export { cargoHome } from './home.js';
export { networkSettings, offlineSetting, type NetworkSettings } from './net.js';
export { registryOpener, type OpenRegistriesOptions } from './open-registry.js';
export { SourceMap, type LocatedRegistry, type RegistryLocation } from './sources.js';
