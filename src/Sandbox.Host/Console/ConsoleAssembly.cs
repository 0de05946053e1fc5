// The browser tests reach the console's internal types (sessions, routes) as the host tests do.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Sandbox.Console.Tests")]
