namespace Sandbox.Host.Images;

/// <summary>The text of <c>sandbox_data.py</c> in the python image.</summary>
internal static class PythonData
{
    public const string Module = """
        '''Reads the job's tables in /data into pandas.

        Debian's packages have neither pyarrow nor duckdb, so pandas.read_parquet cannot work in this image; the
        sandbox's own runner (DuckDB inside) streams a Parquet file as CSV instead, in the job's own container.

            import sandbox_data
            frame = sandbox_data.read_parquet("/data/enterprise_registry.parquet")   # or just "enterprise_registry"
        '''
        import os
        import subprocess

        import pandas as pd

        RUNNER = "/opt/sandbox-runner/sandbox-runner"


        def tables(folder="/data"):
            '''The names of the tables in the folder.'''
            return sorted(f[: -len(".parquet")] for f in os.listdir(folder) if f.endswith(".parquet"))


        def read_parquet(path, columns=None, **read_csv_options):
            '''A pandas DataFrame of one Parquet file (a path, or a table name in /data).'''
            if not path.endswith(".parquet"):
                path = os.path.join("/data", path + ".parquet")
            with subprocess.Popen([RUNNER, "csv", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
                frame = pd.read_csv(process.stdout, usecols=columns, **read_csv_options)
                error = process.stderr.read().decode("utf-8", "replace").strip()
            if process.returncode != 0:
                raise OSError(f"{path}: {error or 'the runner exited ' + str(process.returncode)}")
            return frame

        """;
}
