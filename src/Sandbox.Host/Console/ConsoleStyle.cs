namespace Sandbox.Host.Console;

/// <summary>The console's one stylesheet, served from <c>/console/console.css</c> (no inline styles: the CSP forbids them).</summary>
internal static class ConsoleStyle
{
    public const string Css = """
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; margin: 0; color: #1d2733; background: #f6f7f9; }
        header { background: #1f3b57; color: #fff; padding: .5rem 1rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
        header a { color: #fff; } header a[aria-current] { font-weight: bold; text-decoration: underline; }
        header form { margin: 0; } header .who { margin-left: auto; }
        main { padding: 1rem; max-width: 80rem; }
        table { border-collapse: collapse; margin: .5rem 0 1rem; background: #fff; }
        th, td { border: 1px solid #c9d1da; padding: .25rem .5rem; text-align: left; vertical-align: top; }
        th { background: #eef1f4; }
        td.flagged, th.flagged { background: #ffd6d1; outline: 2px solid #c62828; outline-offset: -2px; }
        .fail { color: #b71c1c; font-weight: bold; } .review { color: #8a5a00; font-weight: bold; } .pass { color: #1b5e20; }
        .note { color: #4a5866; } .warn { background: #fff3cd; padding: .5rem; border: 1px solid #e0c36a; }
        nav.pages a, nav.stages a { margin-right: .75rem; } nav.stages a[aria-current] { font-weight: bold; }
        pre { background: #fff; border: 1px solid #c9d1da; padding: .5rem; white-space: pre-wrap; }
        label { display: block; margin-top: .5rem; } textarea { width: 40rem; max-width: 100%; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; } dd { margin: 0; }
        caption { text-align: left; font-weight: bold; }
        fieldset { background: #fff; border: 1px solid #c9d1da; margin: .5rem 0; }
        """;
}
