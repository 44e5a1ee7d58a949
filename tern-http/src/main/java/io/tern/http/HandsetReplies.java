package io.tern.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tern.smsc.admin.AdminException;
import io.tern.smsc.sim.HandsetNetwork;
import io.tern.smsc.sim.Reply;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handsets' {@code reply} behaviour set at run time over the admin API
 * (docs/operations.md#admin-api): {@code {"pattern": "4477*", "text": "STOP", "probability": 0.01}}
 * makes 1 % of the messages the matching handsets accept answered with STOP. The probability is
 * 0..1 ({@code percent}, 0..100 as in the YAML {@code reply}, is accepted instead). Like presence,
 * replies are simulator state, not configuration: logged, not audited, gone at a restart.
 */
final class HandsetReplies {

    private static final Logger log = LoggerFactory.getLogger(HandsetReplies.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PATTERN = "[0-9+]{1,21}\\*?|\\*";

    private HandsetReplies() {
    }

    static ArrayNode list(HandsetNetwork handsets) {
        ArrayNode out = MAPPER.createArrayNode();
        for (Map.Entry<String, Reply> e : handsets.replies().entrySet()) {
            out.add(json(e.getKey(), e.getValue()));
        }
        return out;
    }

    static ObjectNode json(String pattern, Reply reply) {
        ObjectNode o = MAPPER.createObjectNode();
        if (pattern != null) {
            o.put("pattern", pattern);
        }
        return o.put("text", reply.text()).put("probability", reply.percent() / 100).put("percent", reply.percent());
    }

    static ObjectNode set(HandsetNetwork handsets, String actor, JsonNode body) {
        if (!body.isObject()) {
            throw new AdminException(400, null, "expected a JSON object");
        }
        String pattern = pattern(body.path("pattern").asText(""));
        JsonNode text = body.get("text");
        if (text == null || !text.isTextual() || text.asText().isEmpty() || text.asText().length() > 160) {
            throw new AdminException(400, "text", "text must be 1..160 characters");
        }
        JsonNode probability = body.get("probability");
        JsonNode percent = body.get("percent");
        double p;
        if (probability != null && percent == null) {
            p = number(probability, "probability", 1) * 100;
        } else if (percent != null && probability == null) {
            p = number(percent, "percent", 100);
        } else {
            throw new AdminException(400, "probability", "give either probability (0..1) or percent (0..100)");
        }
        Reply reply = new Reply(text.asText(), p);
        handsets.setReply(pattern, reply);
        log.info("handsets {} answer {} of the messages they accept with '{}', set by {}", pattern,
                p + " %", reply.text(), actor);
        return json(pattern, reply);
    }

    static void clear(HandsetNetwork handsets, String actor, String pattern) {
        if (!handsets.clearReply(pattern(pattern))) {
            throw new AdminException(404, "pattern", "no reply is set for handsets " + pattern);
        }
        log.info("the reply set for handsets {} removed by {}", pattern, actor);
    }

    private static String pattern(String pattern) {
        if (!pattern.matches(PATTERN)) {
            throw new AdminException(400, "pattern", "pattern must be 1..21 digits, optionally ending in *, was '"
                    + pattern + "'");
        }
        return pattern;
    }

    private static double number(JsonNode n, String field, double max) {
        if (!n.isNumber() || !(n.asDouble() >= 0 && n.asDouble() <= max)) {
            throw new AdminException(400, field, field + " must be a number from 0 to " + (max == 1 ? "1" : "100")
                    + ", was " + n);
        }
        return n.asDouble();
    }
}
