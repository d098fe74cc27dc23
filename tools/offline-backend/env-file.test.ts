import { describe, expect, test } from "vitest";
import { parseEnvFile } from "./env-file";
import { parseCliArgs } from "./cli-args";

describe("env file", () => {
  test("parses dotenv syntax", () => {
    const env = parseEnvFile(
      [
        "# comment",
        "PLAIN=value  # trailing comment",
        "export EXPORTED=yes",
        "SPACES=-----BEGIN PRIVATE KEY----- MIIB abc== -----END PRIVATE KEY-----",
        "SINGLE='literal \\n # not a comment'",
        'DOUBLE="line1\\nline2"',
        'MULTI="-----BEGIN PRIVATE KEY-----',
        "MIIB",
        '-----END PRIVATE KEY-----"',
        'JSON={"keys":[{"kty":"RSA"}]}',
        "BACKTICK=`it's \"here\"`",
        "EMPTY=",
        "UNTERMINATED='abc",
        "CRLF=x\r",
      ].join("\n"),
    );
    expect(env).toEqual({
      PLAIN: "value",
      EXPORTED: "yes",
      SPACES: "-----BEGIN PRIVATE KEY----- MIIB abc== -----END PRIVATE KEY-----",
      SINGLE: "literal \\n # not a comment",
      DOUBLE: "line1\nline2",
      MULTI: "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----",
      JSON: '{"keys":[{"kty":"RSA"}]}',
      BACKTICK: 'it\'s "here"',
      EMPTY: "",
      UNTERMINATED: "'abc",
      CRLF: "x",
    });
  });
});

describe("CLI arguments", () => {
  test("ports, directories and flags", () => {
    expect(parseCliArgs(["--port", "0", "--site-port=3999", "--data-dir", "/tmp/x", "--no-fsync"])).toEqual({
      port: 0,
      sitePort: 3999,
      dataDir: "/tmp/x",
      fsync: false,
    });
    expect(() => parseCliArgs(["--port", "http"])).toThrow(/invalid port/);
    expect(() => parseCliArgs(["--bogus"])).toThrow(/unknown argument/);
  });
});
