// Cargo's configuration, looked up as cargo 1.95 does, and the registries it names.
export { CargoConfig, type LoadConfigOptions, type Setting } from './config.js';
export { cargoHome } from './home.js';
export { type NetworkSettings, networkSettings, offlineSetting } from './net.js';
export { type OpenRegistriesOptions, registryOpener } from './open-registry.js';
export { type LocatedRegistry, type RegistryLocation, SourceMap } from './sources.js';
