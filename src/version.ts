// The package version, reported in every result so a figure can be traced to the code that made it.
export const DOORSTROOM_VERSION = '0.1.0';
