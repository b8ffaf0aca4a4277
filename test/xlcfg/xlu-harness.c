/*
 * Test harness around Xen's libxlutil (libxen-dev): reads xl.cfg files with
 * xlu_cfg_readfile and disk strings with xlu_disk_parse, and prints what the
 * library returns as one JSON object per request. Used by test/xlcfg/libxlu.mjs;
 * it judges nothing itself. Each request: begin() a config and report stream, one
 * libxlutil call, its JSON line, end().
 *
 * Requests come on stdin, one per line, fields separated by TAB:
 *   F <path> <src-name> <key>,<key>,...   read a config file, then each key
 *   D <spec>                              parse one disk spec string
 *   P <spec>                              parse one PCI_SPEC_STRING (xlu_pci_parse_spec_string)
 *   R <spec>                              parse one `rdm` string (xlu_rdm_parse)
 * Strings are printed as JSON with every byte >= 0x80 as \u00XX (latin-1),
 * so the reader gets the exact bytes back.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <libxlutil.h>

static void put_json_string(const char *s, size_t n) {
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20 || c >= 0x7f) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

static void put_cstr(const char *s) {
    if (!s) fputs("null", stdout);
    else put_json_string(s, strlen(s));
}

/* The report stream: everything libxlutil printed since the last call. */
static char *report_buf;
static size_t report_len;
static size_t report_seen;

static void put_report_since(FILE *report) {
    fflush(report);
    put_json_string(report_buf + report_seen, report_len - report_seen);
    report_seen = report_len;
}

/*
 * One request: a fresh config whose messages go to the report stream. begin() before the
 * libxlutil call; end() once the request's JSON line is printed (flushed: the reader waits for it).
 */
typedef struct {
    FILE *report;
    XLU_Config *cfg;
} request;

static request begin(const char *src) {
    report_seen = 0;
    report_len = 0;
    request r;
    r.report = open_memstream(&report_buf, &report_len);
    r.cfg = xlu_cfg_init(r.report, src);
    return r;
}

static void end(request *r) {
    fflush(stdout);
    xlu_cfg_destroy(r->cfg);
    fclose(r->report);
    free(report_buf);
    report_buf = NULL;
}

/* `{"rc":RC,"report":"…"` : how every request's object starts. */
static void put_rc_report(int rc, FILE *report) {
    printf("{\"rc\":%d,\"report\":", rc);
    put_report_since(report);
}

/* One getter's result, "NAME":{"rc":RC,"value":…,"report":"…"}: the caller prints the value (when rc is 0) between the two. */
static void put_getter_start(const char *name, int rc) {
    printf("\"%s\":{\"rc\":%d,\"value\":", name, rc);
    if (rc != 0) fputs("null", stdout);
}

static void put_getter_end(FILE *report) {
    fputs(",\"report\":", stdout);
    put_report_since(report);
    putchar('}');
}

static void put_value(XLU_Config *cfg, XLU_ConfigValue *v);

static void put_list(XLU_Config *cfg, XLU_ConfigList *list, int n) {
    putchar('[');
    for (int i = 0; i < n; i++) {
        if (i) putchar(',');
        put_value(cfg, xlu_cfg_get_listitem2(list, i));
    }
    putchar(']');
}

static void put_value(XLU_Config *cfg, XLU_ConfigValue *v) {
    if (!v) { fputs("null", stdout); return; }
    if (xlu_cfg_value_type(v) == XLU_STRING) {
        char *s = NULL;
        if (xlu_cfg_value_get_string(cfg, v, &s, 1) == 0) put_cstr(s); /* owned by the config (not freed) */
        else fputs("null", stdout);
    } else {
        XLU_ConfigList *l = NULL;
        if (xlu_cfg_value_get_list(cfg, v, &l, 1) == 0) {
            int n = 0;
            while (xlu_cfg_get_listitem2(l, n)) n++;
            put_list(cfg, l, n);
        } else fputs("null", stdout);
    }
}

static void read_file(char *path, char *src, char *keys) {
    request q = begin(src);
    int rc = xlu_cfg_readfile(q.cfg, path);
    put_rc_report(rc, q.report);
    fputs(",\"keys\":{", stdout);
    int first = 1;
    if (rc == 0 && keys) {
        for (char *key = strtok(keys, ","); key; key = strtok(NULL, ",")) {
            if (!first) putchar(',');
            first = 0;
            put_cstr(key);
            fputs(":{", stdout);

            const char *s = NULL;
            int r = xlu_cfg_get_string(q.cfg, key, &s, 0);
            put_getter_start("string", r);
            if (r == 0) put_cstr(s);
            put_getter_end(q.report);

            long l = 0;
            r = xlu_cfg_get_long(q.cfg, key, &l, 0);
            putchar(',');
            put_getter_start("long", r);
            if (r == 0) printf("\"%ld\"", l);
            put_getter_end(q.report);

            XLU_ConfigList *list = NULL;
            int n = 0;
            r = xlu_cfg_get_list(q.cfg, key, &list, &n, 0);
            putchar(',');
            put_getter_start("list", r);
            if (r == 0) put_list(q.cfg, list, n);
            put_getter_end(q.report);
            putchar('}');
        }
    }
    fputs("}}\n", stdout);
    end(&q);
}

static void parse_disk(char *spec) {
    request q = begin("f.cfg");
    libxl_device_disk disk;
    memset(&disk, 0, sizeof disk);
    const char *specs[1] = { spec };
    put_rc_report(xlu_disk_parse(q.cfg, 1, specs, &disk), q.report);
    fputs(",\"target\":", stdout); put_cstr(disk.pdev_path);
    fputs(",\"vdev\":", stdout); put_cstr(disk.vdev);
    fputs(",\"script\":", stdout); put_cstr(disk.script);
    fputs(",\"backend\":", stdout); put_cstr(disk.backend_domname);
    printf(",\"format\":%d,\"backendtype\":%d,\"readwrite\":%d,\"cdrom\":%d,\"removable\":%d}\n",
           (int)disk.format, (int)disk.backend, disk.readwrite, disk.is_cdrom, disk.removable);
    end(&q);
}

static void parse_pci(char *spec) {
    request q = begin("f.cfg");
    libxl_device_pci pci;
    libxl_device_pci_init(&pci);
    put_rc_report(xlu_pci_parse_spec_string(q.cfg, &pci, spec), q.report);
    printf(",\"domain\":%d,\"bus\":%u,\"dev\":%u,\"func\":%u,\"vdevfn\":%u,\"vfunc_mask\":%u",
           pci.domain, pci.bus, pci.dev, pci.func, pci.vdevfn, pci.vfunc_mask);
    printf(",\"permissive\":%d,\"msitranslate\":%d,\"seize\":%d,\"power_mgmt\":%d,\"rdm_policy\":%d,\"name\":",
           pci.permissive, pci.msitranslate, pci.seize, pci.power_mgmt, (int)pci.rdm_policy);
    put_cstr(pci.name);
    fputs("}\n", stdout);
    libxl_device_pci_dispose(&pci);
    end(&q);
}

static void parse_rdm(char *spec) {
    request q = begin("f.cfg");
    libxl_rdm_reserve rdm;
    libxl_rdm_reserve_init(&rdm);
    put_rc_report(xlu_rdm_parse(q.cfg, &rdm, spec), q.report);
    printf(",\"strategy\":%d,\"policy\":%d}\n", (int)rdm.strategy, (int)rdm.policy);
    libxl_rdm_reserve_dispose(&rdm);
    end(&q);
}

/* Requests are TAB-separated; a disk spec is hex-encoded so that any byte but NUL can be sent. */
static char *unhex(char *s) {
    size_t n = strlen(s) / 2;
    for (size_t i = 0; i < n; i++) {
        unsigned v;
        sscanf(s + 2 * i, "%2x", &v);
        s[i] = (char)v;
    }
    s[n] = 0;
    return s;
}

int main(void) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) > 0) {
        if (line[len - 1] == '\n') line[--len] = 0;
        char *fields[4] = { 0 };
        int nf = 0;
        for (char *p = line; p && nf < 4; nf++) {
            fields[nf] = p;
            p = strchr(p, '\t');
            if (p) *p++ = 0;
        }
        if (nf >= 3 && strcmp(fields[0], "F") == 0) read_file(fields[1], fields[2], fields[3]);
        else if (nf >= 2 && strcmp(fields[0], "D") == 0) parse_disk(unhex(fields[1]));
        else if (nf >= 2 && strcmp(fields[0], "P") == 0) parse_pci(unhex(fields[1]));
        else if (nf >= 2 && strcmp(fields[0], "R") == 0) parse_rdm(unhex(fields[1]));
        else { fputs("{\"error\":\"bad request\"}\n", stdout); fflush(stdout); }
    }
    free(line);
    return 0;
}
