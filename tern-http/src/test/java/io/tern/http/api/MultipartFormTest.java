package io.tern.http.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streaming multipart/form-data reader of campaign uploads, fed one byte at a time. */
class MultipartFormTest {

    private static final String B = "----tern7MA4YWxk";

    /** Hands out one byte per read, as the slowest network would. */
    private static InputStream trickle(String body) {
        return new FilterInputStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void readsTheFieldsBeforeTheFileThenTheFileUpToItsBoundaryExactly() throws IOException {
        // CRLFs, a dash pair and a near-boundary inside the CSV must come through unchanged
        String csv = "to,name\r\n+447410000001,Ann\r\n+447410000002,--Bo\r\n\r\n--" + B.substring(0, 8) + "x\r\n\r";
        String body = "preamble, ignored\r\n--" + B + "\r\n"
                + "Content-Disposition: form-data; name=\"from\"\r\n\r\nACME\r\n--" + B + "\r\n"
                + "Content-Disposition: form-data; name=\"template\"\r\n\r\nHi {{name}} ✓\r\n--" + B + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                + csv + "\r\n--" + B + "\r\n"
                + "Content-Disposition: form-data; name=\"after\"\r\n\r\nlate\r\n--" + B + "--\r\nepilogue";
        MultipartForm form = new MultipartForm(trickle(body), B);

        assertThat(form.fieldsBefore("file")).containsExactly(Map.entry("from", "ACME"),
                Map.entry("template", "Hi {{name}} ✓"));
        assertThat(read(form.part())).isEqualTo(csv);
        form.drain();
    }

    @Test
    void aFormWithoutTheFileOrCutShortIsAProblem() {
        String noFile = "--" + B + "\r\nContent-Disposition: form-data; name=\"from\"\r\n\r\nACME\r\n--" + B + "--\r\n";
        assertThatThrownBy(() -> new MultipartForm(trickle(noFile), B).fieldsBefore("file"))
                .isInstanceOf(Problem.class).hasMessageContaining("no part named 'file'");

        String cut = "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nto\r\n+4474";
        assertThatThrownBy(() -> {
            MultipartForm form = new MultipartForm(trickle(cut), B);
            form.fieldsBefore("file");
            read(form.part());
        }).isInstanceOf(Problem.class).hasMessageContaining("ends before the form's closing boundary");
    }

    @Test
    void theBoundaryComesFromTheContentTypeQuotedOrNot() {
        assertThat(MultipartForm.boundary("multipart/form-data; boundary=abc-123")).isEqualTo("abc-123");
        assertThat(MultipartForm.boundary("multipart/form-data; charset=utf-8; boundary=\"a b\"")).isEqualTo("a b");
        assertThatThrownBy(() -> MultipartForm.boundary("multipart/form-data")).isInstanceOf(Problem.class)
                .hasMessageContaining("without a boundary");
    }
}
