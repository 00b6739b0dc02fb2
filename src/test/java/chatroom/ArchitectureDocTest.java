package chatroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md against the code (issue 13: "matches the code line by line"): every
 * package has its line, every class and {@code Class.member} it names exists, its "may
 * use" table is {@link ArchitectureTest}'s, and its links into docs/ land on a heading.
 */
class ArchitectureDocTest {
    private static final Path DOC = Path.of("docs/ARCHITECTURE.md");
    private static final Path MAIN = Path.of("src/main/java/chatroom");
    private static final Pattern TYPE = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");
    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern NAME = Pattern.compile("([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)(?:\\.([A-Za-z_]\\w*))?(?:\\(.*\\))?");
    private static final Pattern DIAGRAM_REF = Pattern.compile("\\b([A-Z][A-Za-z]+)\\.([a-z][A-Za-z]*)\\b");

    private static String doc;
    /** Each type's simple name and the sources declaring it (nested types count). */
    private static final Map<String, List<String>> types = new HashMap<>();
    private static final StringBuilder allSources = new StringBuilder();

    @BeforeAll
    static void read() throws IOException {
        doc = Files.readString(DOC);
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(p);
                allSources.append(source).append('\n');
                Matcher m = TYPE.matcher(source);
                while (m.find()) types.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(source);
            }
        }
    }

    @Test
    void everyPackageHasItsLine() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(MAIN)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                String name = d.getFileName().toString();
                if (!Pattern.compile("^\\| `" + name + "` \\|", Pattern.MULTILINE).matcher(doc).find()) missing.add(name);
            }
        }
        assertThat(missing).as("packages without a line in the package table").isEmpty();
    }

    @Test
    void everyClassAndMemberNamedIsInTheCode() {
        Set<String> wrong = new TreeSet<>();
        String prose = doc.replaceAll("(?s)```.*?```", "");
        Matcher spans = CODE.matcher(prose);
        while (spans.find()) {
            Matcher n = NAME.matcher(spans.group(1).trim());
            if (n.matches()) check(n.group(1), n.group(2), wrong);
        }
        Matcher diagrams = Pattern.compile("(?s)```text\\n(.*?)```").matcher(doc);
        while (diagrams.find()) {
            Matcher ref = DIAGRAM_REF.matcher(diagrams.group(1));
            while (ref.find()) check(ref.group(1), ref.group(2), wrong);
        }
        assertThat(wrong).as("names in docs/ARCHITECTURE.md that src/main does not have").isEmpty();
    }

    private static void check(String type, String member, Set<String> wrong) {
        if (type.endsWith("Test") && Files.exists(Path.of("src/test/java/chatroom", type + ".java"))) return;
        List<String> sources = types.get(type);
        // A library's type (ReentrantLock, String) counts when the code uses it.
        if (sources == null && member == null && word(type).matcher(allSources).find()) return;
        if (sources == null) {
            wrong.add(type + (member == null ? "" : "." + member) + " (no such type)");
        } else if (member != null && !types.containsKey(member)) {
            Pattern word = word(member);
            if (sources.stream().noneMatch(s -> word.matcher(s).find())) wrong.add(type + "." + member);
        }
    }

    private static Pattern word(String w) {
        return Pattern.compile("(?<![\\w$])" + Pattern.quote(w) + "(?![\\w$])");
    }

    @Test
    void theMayUseTableIsTheArchitectureTests() throws IOException {
        String test = Files.readString(Path.of("src/test/java/chatroom/ArchitectureTest.java"));
        Map<String, String> packageOfLayer = new HashMap<>();
        Matcher layers = Pattern.compile("\\.layer\\(\"([^\"]+)\"\\)\\.definedBy\\(\"chatroom\\.?([a-z]*)").matcher(test);
        while (layers.find()) packageOfLayer.put(layers.group(1), layers.group(2).isEmpty() ? "chatroom" : layers.group(2));
        Map<String, Set<String>> tested = new TreeMap<>();
        Matcher rules = Pattern.compile("\\.whereLayer\\(\"([^\"]+)\"\\)\\.(mayOnlyAccessLayers\\(([^)]*)\\)|mayNotAccessAnyLayer|mayNotBeAccessedByAnyLayer)").matcher(test);
        while (rules.find()) {
            String pkg = packageOfLayer.get(rules.group(1));
            tested.put(pkg, rules.group(2).startsWith("mayNotBe") ? Set.of("everything") : quoted(rules.group(3)));
        }
        Map<String, Set<String>> documented = new TreeMap<>();
        String table = doc.split("\\*\\*What may use what\\.\\*\\*")[1].split("\n\n")[1];
        for (String row : table.lines().skip(2).toList()) {
            String[] cells = row.split("\\|");
            Set<String> uses = cells[2].contains("everything") ? Set.of("everything") : backticked(cells[2]);
            for (String pkg : backticked(cells[1])) documented.put(pkg, uses);
        }
        assertThat(documented).isEqualTo(tested);
    }

    @Test
    void linksIntoDocsLandOnAHeading() throws IOException {
        List<String> broken = new ArrayList<>();
        Matcher links = Pattern.compile("\\]\\(([^)#]*)(?:#([^)]*))?\\)").matcher(doc);
        while (links.find()) {
            Path target = links.group(1).isEmpty() ? DOC : DOC.resolveSibling(links.group(1));
            if (!Files.exists(target)) broken.add(links.group());
            else if (links.group(2) != null && !anchors(target).contains(links.group(2))) broken.add(links.group());
        }
        assertThat(broken).as("links in docs/ARCHITECTURE.md").isEmpty();
    }

    /** GitHub's anchors: a heading lower-cased, punctuation dropped, spaces as hyphens. */
    private static Set<String> anchors(Path markdown) {
        try {
            Set<String> anchors = new LinkedHashSet<>();
            for (String line : Files.readAllLines(markdown)) {
                if (line.startsWith("#")) anchors.add(line.replaceFirst("^#+\\s+", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-'));
            }
            return anchors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> quoted(String s) {
        return matches(Pattern.compile("\"([^\"]+)\""), s == null ? "" : s);
    }

    private static Set<String> backticked(String s) {
        return matches(Pattern.compile("`([a-z]+)`"), s);
    }

    private static Set<String> matches(Pattern p, String s) {
        Set<String> found = new TreeSet<>();
        Matcher m = p.matcher(s);
        while (m.find()) found.add(m.group(1));
        return found;
    }
}
