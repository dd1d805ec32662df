"""The figures of the page ``backpropagation-calculus``: the paths by which one weight's nudge
reaches the cost."""

from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch

from nnbook.figures.drawing import ACCENT, INK, LINE_COLORS, PAPER

# One color per output neuron, for the paths through it: blue, bluish green, reddish purple
# (the orange, ACCENT, marks the nudged weight).
PATH_COLORS = (LINE_COLORS[0], LINE_COLORS[2], LINE_COLORS[3])
FAINT = "#aaaaaa"  # the connections no path takes: mid gray, visible on the light and dark page
# Points: the neurons' and the weight's names, whose scripts stay 11 CSS px tall or more (the figure
# is narrower than a phone's column: it shows at its natural size everywhere)
SCRIPTED = 12  # smallest_font(width, scripts=True) is 11.8 for any width up to 4.5 inches


def weight_paths(sizes=(2, 2, 2), neuron=0, pixel=0):
    """Draw a small network and every path from one of its first weights to the cost (page
    ``backpropagation-calculus``).

    ``sizes`` lists the neurons per layer, input first: 3 or 4 layers, at most 4 neurons in each
    and at most 3 output neurons, such as (2, 2, 2). The nudged weight, from input neuron
    ``pixel`` to neuron ``neuron`` of the first hidden layer, is drawn thick in orange; each path
    from it to the cost C is drawn in the color of the output neuron it passes through, with
    thick dark lines for stretches that several paths share; every other connection is faint.
    Neurons are labeled with their activations, a^(l)_j. Returns a Figure.
    """
    sizes = [int(size) for size in sizes]
    if not 3 <= len(sizes) <= 4 or not all(1 <= size <= 4 for size in sizes) or sizes[-1] > len(PATH_COLORS):
        raise ValueError(f"sizes must be 3 or 4 layers of 1 to 4 neurons, at most {len(PATH_COLORS)} outputs; "
                         f"got {list(sizes)}")
    if not (0 <= neuron < sizes[1] and 0 <= pixel < sizes[0]):
        raise ValueError(f"the weight must join input neuron 0..{sizes[0] - 1} (pixel={pixel}) to hidden "
                         f"neuron 0..{sizes[1] - 1} (neuron={neuron})")
    # In the drawing's units, an inch each: compact, so that three layers fit a phone's screen
    # with labels of SCRIPTED points.
    step, radius, inch = 0.95, 0.26, 1.0
    places = [[(layer * step, (size - 1) / 2 * 0.72 - j * 0.72) for j in range(size)]
              for layer, size in enumerate(sizes)]
    cost = (len(sizes) * step - 0.15, 0.0)
    (x0, y0), (x1, y1) = places[0][pixel], places[1][neuron]
    label_y = (y0 + y1) / 2 + 0.14  # the weight's name, just above the middle of its line
    bottom = min(y for column in places for _, y in column) - radius
    top = max(top_y for column in places for _, top_y in column) + radius
    xlim, ylim = (-radius - 0.05, cost[0] + 0.25), (bottom - 0.42, max(top + 0.05, label_y + 0.42))
    figure = Figure(figsize=(inch * (xlim[1] - xlim[0]), inch * (ylim[1] - ylim[0])))
    ax = figure.add_axes([0, 0, 1, 1])

    def line(start, end, color, width, zorder=1):
        ax.plot([start[0], end[0]], [start[1], end[1]], color=color, linewidth=width,
                solid_capstyle="round", zorder=zorder)

    # A neuron is on a path if the nudge reaches it: the hidden neuron, then every later neuron.
    on_path = [[False] * sizes[0], [j == neuron for j in range(sizes[1])]]
    on_path += [[True] * size for size in sizes[2:]]
    last = len(sizes) - 1
    for layer in range(last):
        for k, start in enumerate(places[layer]):
            for j, end in enumerate(places[layer + 1]):
                if layer == 0 and (k, j) == (pixel, neuron):
                    line(start, end, ACCENT, 4.0, zorder=2)
                elif layer > 0 and on_path[layer][k]:
                    shared = layer + 1 < last  # paths through several outputs share this stretch
                    line(start, end, INK if shared else PATH_COLORS[j], 2.6, zorder=2)
                else:
                    line(start, end, FAINT, 0.8)
    for j, end in enumerate(places[last]):
        line(end, cost, PATH_COLORS[j], 2.6, zorder=2)
    for layer, column in enumerate(places):
        for j, center in enumerate(column):
            ax.add_patch(Circle(center, radius, facecolor=PAPER, edgecolor=INK,
                                linewidth=1.6 if on_path[layer][j] else 0.8, zorder=3))
            ax.text(*center, f"$a^{{({layer})}}_{j}$", ha="center", va="center", fontsize=SCRIPTED, color=INK,
                    zorder=4)
    ax.add_patch(FancyBboxPatch((cost[0] - 0.2, cost[1] - 0.2), 0.4, 0.4, boxstyle="round,pad=0.02",
                                facecolor=PAPER, edgecolor=INK, linewidth=1.6, zorder=3))
    ax.text(*cost, "$C$", ha="center", va="center", fontsize=12, color=INK, zorder=4)
    ax.text((x0 + x1) / 2, label_y, f"$w^{{(1)}}_{{{neuron}{pixel}}}$", ha="center", va="bottom",
            fontsize=SCRIPTED, color=INK, zorder=4)
    names = ["input", *["hidden"] * (len(sizes) - 2), "output"]
    for (x, _), name in zip([column[0] for column in places] + [cost], names + ["cost"]):
        ax.text(x, bottom - 0.12, name, ha="center", va="top", fontsize=10.5, color=INK)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return figure


# The book's figures from this page, by file name under figures/ in the built site.
BOOK_FIGURES = {
    "backpropagation-paths.svg": weight_paths,
}
