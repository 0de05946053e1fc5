// The host runs on Linux: Unix file modes protect keys, and the production backend is the Linux Docker engine.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
