// The xl.cfg spec's test vectors (§5.4, rejected and accepted inputs) and the
// corrections of §15, as file texts. The differential test runs them through
// libxlutil and our parser; test/xlcfg/parser.test.mjs pins the expected output.
export const SPEC_VECTORS = [
  // §5.4 rejected
  'memory = -5\n', 'memory = 1.5\n', 'memory = 0X200\n', 'acpi = True\n', 'acpi = true\n', 'name = vm1\n', 'Name = "x"\n', 'name "x"\n',
  'name: "x"\n', 'a = "abc" "def"\n', 'a = """abc"""\n', 'a = "abc" + "def"\n', 'a = "vm%d" % 3\n', 'a = ("x", "y")\n', 'a = { "x": 1 }\n',
  'b = a\n', 'a = None\n', 'import os\n', 'x = ["a",,"b"]\n', 'x = \n["a"]\n', 'x = ["a",', 'a = "abc\n', 'a = "a\\qb"\n',
  'disk = ["a"]\ndisk += "b"\n', 'name = "x"\n# c', 'name = "x"\r\n',
  // §5.4 accepted
  'memory=512;name="x";vcpus=2', 'a = [\n"a",\n\n"b"\n,\n]\n', 'a = [ "a", # c1\n "b" # c2\n]\n', 'vnuma = [ ["pnode=0","size=512"], ["pnode=1"] ]\n',
  "a = 'single \"dq\" inside'\n", 'c = "t\\tn\\n"\n', "d = 'A\\101B'\n", 'x = 12abc\n',
  // §2-§4 and §15
  'a = -\nb = -2\n', 'a = 1 %\nb = = 2\nc = = 3\n', 'a = -1\nb = -2', 'a = 1 b = 2\n', '1a = 1\n', 'x = [,"a"]\n', '_x = 1\n', '12g = 1\nx = 12g\n',
  '# c\r\n# d\r\nname = "x"\r\n', 'memory = 0512\nmaxmem = 08\nvcpus=" 4"\ncpus="-1"\n', 'a="1"; a+="2"; a+="3"\n', 'x = 1; x += "2"\n',
  'memory = 1\nmemory += 2\n', 'memory = 1\nmemory = 2\n', 'memory = 99999999999999999999\n', 'memory = "-9223372036854775809"\n',
  'a = "\\1 2x"\n', 'a = "A\\1012B"\n', 'a="\\x41"\n', 'a = "\\0"\n', 'a="\\12B"\n', 'a = "\\-12x"\n', 'a = [[], [["1"]]]\n', 'x = ["a"; "b"]\n',
  '\ufeffname = "x"\n', 'name = "x"\n\n\n   \t\n;;\n', '', '\n', '#', '%', 'a = 1\n#', 'a = 1\n\n  b = = \n c = 3 = 4\n', 'name = ["a"]\n',
  'disk = \'phy:/dev/vg/x,xvda,w\'\n', 'acpi = "yes"\nhpet = 2\n', 'x =\n', 'x = [\n', 'x = ]\n', 'x = [1 2]\n', 'vif.default.script = "x"\n',
  'a = "\\\nb"\n', `a = ${'['.repeat(4995)}${']'.repeat(4995)}\n`, `a = ${'['.repeat(4998)}${']'.repeat(4998)}\n`, 'name = "x"\fmemory = 1\n', 'a = 1;; b = 2 ;\n', 'a += [1]\na += [2, [3]]\n', 'a = 0x\nb = "0x"\nc = " "\n',
];
